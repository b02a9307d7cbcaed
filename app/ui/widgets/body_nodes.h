#pragma once
// Small lookups in an item body's node tree, shared by the interaction widgets.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "qti/item.h"
#include "util/text.h"

namespace dlk::ui {

// The element children of `n` named `name`, in document order.
inline std::vector<const BodyNode*> childrenNamed(const BodyNode& n, const std::string& name) {
    std::vector<const BodyNode*> out;
    for (const auto& c : n.children)
        if (!c.isText && c.name == name) out.push_back(&c);
    return out;
}

// The first `choiceName` element anywhere below `interaction` with this identifier.
inline const BodyNode* findChoice(const BodyNode& interaction, const std::string& choiceName, const std::string& id) {
    const BodyNode* found = nullptr;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (found) return;
        if (!n.isText && n.name == choiceName && n.attributeOr("identifier", "") == id) found = &n;
        for (const auto& c : n.children) walk(c);
    };
    walk(interaction);
    return found;
}

// A whole-number attribute (surrounding spaces allowed), or `fallback` when absent or not a number.
inline int intAttr(const BodyNode& n, const char* name, int fallback) {
    int64_t v;
    const std::string* a = n.attribute(name);
    return a && parseInt64(trim(*a), v) ? static_cast<int>(v) : fallback;
}

}  // namespace dlk::ui
