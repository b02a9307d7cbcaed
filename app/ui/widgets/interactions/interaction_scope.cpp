#include "ui/widgets/interactions/interaction_scope.h"

#include <imgui.h>

#include <algorithm>
#include <functional>

#include "qti/interactions.h"
#include "ui/widgets/body_nodes.h"

namespace dlk::ui {

std::optional<ResponseBinding> ResponseBinding::of(ItemView& view, const BodyNode& interaction) {
    std::string id = responseIdentifierOf(interaction);
    const ResponseDeclaration* decl = view.item().findResponse(id);
    if (!decl) return std::nullopt;
    return ResponseBinding(view, std::move(id), *decl);
}

ResponseBinding::ResponseBinding(ItemView& view, std::string id, const ResponseDeclaration& decl)
    : m_view(&view), m_id(std::move(id)), m_decl(&decl), m_current(view.session().response(m_id)) {}

void ResponseBinding::set(Value value, bool typing) {
    m_view->session().setResponse(m_id, std::move(value), m_view->now(), typing);
    m_current = m_view->session().response(m_id);
}

void ResponseBinding::setItems(const std::vector<std::string>& items, bool typing) {
    const ResponseDeclaration& d = *m_decl;
    if (d.cardinality == Cardinality::Single)
        // The newest value is the one a single response keeps.
        set(items.empty() ? Value::null(d.cardinality, d.baseType) : Value::single(d.baseType, items.back()), typing);
    else
        set(Value::container(d.cardinality, d.baseType, items), typing);
}

int ResponseBinding::maxChoices(const BodyNode& interaction) const {
    return single() ? 1 : intAttr(interaction, "maxChoices", 0);
}

void ResponseBinding::setAll(const std::vector<std::pair<std::string, Value>>& values, bool typing) {
    m_view->session().setResponses(values, m_view->now(), typing);
    m_current = m_view->session().response(m_id);
}

std::string ResponseBinding::stateKey() const {
    return m_view->item().identifier + "/" + m_id;
}

uint64_t ResponseBinding::seed() const {
    return std::hash<std::string>{}(stateKey()) ^
           static_cast<uint64_t>(m_view->session().attemptId()) * 0x9E3779B97F4A7C15ull;
}

InteractionScope::InteractionScope(ItemView& v, const BodyNode& interaction, unsigned flags)
    : view(v), node(interaction), m_binding(ResponseBinding::of(v, interaction)), m_flags(flags) {
    if (!m_binding) return;
    // What the kiosk can yield for this interaction (qti/interactions.h): a declaration it
    // cannot fill is refused before anything is drawn, instead of storing a wrong kind of value.
    if (const InteractionSpec* spec = findInteractionSpec(node.name)) {
        const ResponseDeclaration& d = m_binding->decl();
        bool fits = std::find(spec->cardinalities.begin(), spec->cardinalities.end(), d.cardinality) !=
                    spec->cardinalities.end();
        if (fits && (flags & kStrictBaseType) && !spec->baseTypes.empty())
            fits = std::find(spec->baseTypes.begin(), spec->baseTypes.end(), d.baseType) != spec->baseTypes.end();
        if (!fits) {
            if (flags & kInline)
                view.unsupportedNote();
            else
                view.unsupported(node);
            m_refused = true;
            return;
        }
    }
    if (!(flags & kInline)) view.prompt(node);
    ImGui::PushID(m_binding->id().c_str());
    m_pushedId = true;
}

InteractionScope::~InteractionScope() {
    if (m_pushedId) ImGui::PopID();
    if (m_pushedId && !(m_flags & kInline)) ImGui::Dummy(em(0, 0.5f));
}

void InteractionScope::refuse() {
    if (m_refused) return;
    view.unsupportedNote();
    m_refused = true;
}

}  // namespace dlk::ui
