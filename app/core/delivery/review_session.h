#pragma once
// A stored answer shown again as the pupil left it: a teacher scoring a poster sees the poster,
// not a list of its fields. The item is drawn by the same views as the pupil's (ui/ItemView),
// through a ModuleSession over a private in-memory database that holds only this answer, so a
// click while reviewing changes a throwaway copy, never the pupil's stored answer, and no event
// of the review reaches the process data.
#include <memory>
#include <string>

#include "bank/item_bank.h"
#include "delivery/module_session.h"
#include "delivery/response_store.h"
#include "qti/processing.h"
#include "storage/database.h"

namespace dlk {

class ReviewSession {
public:
    // `item` must be an item of the bank (shared, so it outlives this object as the session needs);
    // `responses` its answer as stored. Throws dlk::Error(Invalid) for a response the item does not
    // declare.
    ReviewSession(std::shared_ptr<const Item> item, const std::string& language, const VariableMap& responses,
                  int64_t nowMs);
    ReviewSession(const ReviewSession&) = delete;
    ReviewSession& operator=(const ReviewSession&) = delete;

    ModuleSession& session() { return *m_session; }

private:
    Database m_db{":memory:"};
    std::unique_ptr<ResponseStore> m_store;
    Module m_module;
    std::unique_ptr<ModuleSession> m_session;
};

// A module of one item in one language, navigated freely: what a review (or a test of one
// widget) runs a ModuleSession on.
Module singleItemModule(const std::string& identifier, std::shared_ptr<const Item> item, const std::string& language,
                        const std::string& title);

// The bank's shared item behind `item` (an item of module `moduleId`), or null.
std::shared_ptr<const Item> sharedItemOf(const ItemBank& bank, const std::string& moduleId, const Item* item);

}  // namespace dlk
