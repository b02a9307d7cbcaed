#pragma once
// What every interaction widget does first and last, in one place: find the response it
// answers (its declaration and the pupil's current value), check that the kiosk can yield that
// declaration, draw the prompt, open an ImGui ID scope for its controls, and on leaving close the
// scope and leave a little space. A widget starts with
//
//     InteractionScope scope(view, node);
//     if (!scope) return;  // nothing to draw, or "cannot be shown" was said
//
// and stores answers with scope->set(...). ResponseBinding is the part without the drawing, for
// widgets that answer several responses at once (position object) or draw inline parts (gaps).
#include <optional>
#include <string>
#include <vector>

#include "ui/widgets/item_view.h"

namespace dlk::ui {

// The response an interaction answers: its identifier, declaration and current value, and the
// one way a widget stores a new value. The only place in the UI that reads an interaction's
// response identifier (through qti/interactions.h).
class ResponseBinding {
public:
    // nullopt when the item does not declare the interaction's response (the loader refuses
    // such items, so only a hand-made item gets here).
    static std::optional<ResponseBinding> of(ItemView& view, const BodyNode& interaction);

    const std::string& id() const { return m_id; }
    const ResponseDeclaration& decl() const { return *m_decl; }
    const Value& current() const { return m_current; }
    bool single() const { return m_decl->cardinality == Cardinality::Single; }
    // How many answers the interaction takes: 1 for a single response, else its maxChoices (0:
    // no limit).
    int maxChoices(const BodyNode& interaction) const;

    // Stores a new value: committed now, or once typing stops (`typing`). current() then shows
    // what the session holds.
    void set(Value value, bool typing = false);
    // Values as the declaration takes them: all of them in a container, the first (or NULL)
    // for a single value.
    void setItems(const std::vector<std::string>& items, bool typing = false);
    // This response and others of the item (a simulated environment's outputs), in one commit.
    void setAll(const std::vector<std::pair<std::string, Value>>& values, bool typing = false);

    // The key of this response's view state (ItemViewState) and the seed of its shuffles:
    // stable across frames and restarts of the same attempt.
    std::string stateKey() const;
    uint64_t seed() const;

private:
    ResponseBinding(ItemView& view, std::string id, const ResponseDeclaration& decl);
    ItemView* m_view;
    std::string m_id;
    const ResponseDeclaration* m_decl;
    Value m_current;
};

class InteractionScope {
public:
    enum Flags : unsigned {
        kBlock = 0,           // a block of its own: the prompt above, a little space after
        kInline = 1,          // a field in running text: no prompt, no space after
        kStrictBaseType = 2,  // refuse a declaration of a base type the interaction does not yield
    };

    InteractionScope(ItemView& view, const BodyNode& interaction, unsigned flags = kBlock);
    ~InteractionScope();
    InteractionScope(const InteractionScope&) = delete;
    InteractionScope& operator=(const InteractionScope&) = delete;

    explicit operator bool() const { return m_binding.has_value() && !m_refused; }
    ResponseBinding* operator->() { return &*m_binding; }
    ResponseBinding& response() { return *m_binding; }
    const ResponseDeclaration& decl() const { return m_binding->decl(); }

    // The widget finds it cannot show the interaction after all (a slider without bounds): the
    // pupil is told calmly, and the scope is false from now on.
    void refuse();

    ItemView& view;
    const BodyNode& node;

private:
    std::optional<ResponseBinding> m_binding;
    unsigned m_flags;
    bool m_pushedId = false;
    bool m_refused = false;
};

}  // namespace dlk::ui
