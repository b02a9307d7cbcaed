#include "delivery/review_session.h"

#include "storage/schema.h"
#include "util/error.h"

namespace dlk {

ReviewSession::ReviewSession(std::shared_ptr<const Item> item, const std::string& language,
                             const VariableMap& responses, int64_t nowMs) {
    if (!item) throw Error(ErrorKind::Invalid, "no item to review");
    for (const auto& [id, value] : responses) {
        (void)value;
        if (!item->findResponse(id))
            throw Error(ErrorKind::Invalid, item->sourcePath + ": the stored answer has response '" + id +
                                                "', which the item does not declare");
    }
    migrateSchema(m_db);
    // A class and a pupil of its own: the database is this object's alone and dies with it.
    m_db.exec("INSERT INTO classes(id, name, created_at) VALUES (1, 'review', 'review')");
    m_db.exec("INSERT INTO pupils(id, class_id, created_at) VALUES (1, 1, 'review')");
    m_module = singleItemModule("review", item, language, item->title);

    m_store = std::make_unique<ResponseStore>(m_db);
    const AttemptRecord attempt = m_store->startOrResume(1, m_module.identifier, language, nowMs);
    AttemptWrite w;
    w.items.push_back({item->identifier, &responses});
    m_store->write(attempt.id, w, nowMs);
    m_session = std::make_unique<ModuleSession>(*m_store, m_module, 1, language, nowMs);
}

Module singleItemModule(const std::string& identifier, std::shared_ptr<const Item> item, const std::string& language,
                        const std::string& title) {
    Module module;
    module.identifier = identifier;
    module.navigationMode = "nonlinear";
    ItemRef ref;
    ref.identifier = item->identifier;
    module.refs.push_back(ref);
    ModuleVariant variant;
    variant.language = language;
    variant.title = title;
    variant.items.push_back(std::move(item));
    module.variants[language] = std::move(variant);
    return module;
}

std::shared_ptr<const Item> sharedItemOf(const ItemBank& bank, const std::string& moduleId, const Item* item) {
    const Module* module = bank.findModule(moduleId);
    if (!module || !item) return nullptr;
    for (const auto& [lang, variant] : module->variants) {
        (void)lang;
        for (const auto& candidate : variant.items)
            if (candidate.get() == item) return candidate;
    }
    return nullptr;
}

}  // namespace dlk
