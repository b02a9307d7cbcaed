#pragma once
// Checks done on raw XML text before tinyxml2 sees it. Debian's tinyxml2 9.0.0 predates the
// upstream fix for character-reference parsing (CVE-2024-50615), so dlkiosk validates every
// &#...; reference itself; it also bounds the size and requires valid UTF-8.
//
// The scan follows XML's own tokens as tinyxml2 reads them: inside a tag, a quoted attribute value
// is a value (a "<!--" there is text, and the references after it are checked); comments, CDATA
// sections, processing instructions and declarations are recognised only between tags. On the
// way it counts what would be costly to parse (qti/limits.h): attributes per element (tinyxml2's
// duplicate check is quadratic), elements and bytes of text, and refuses beyond the limits before
// tinyxml2 does any work.
#include <cstddef>
#include <string>
#include <string_view>

#include "qti/limits.h"

namespace dlk {

constexpr size_t kMaxXmlBytes = 16u << 20;  // 16 MiB: far above any real item, far below harm

// What one kind of document may hold; attributes per element and their length are the same for all.
struct XmlLimits {
    size_t maxElements;
    size_t maxTextBytes;
    size_t maxAttributes;  // all elements together
};
constexpr XmlLimits kItemXmlLimits{kMaxElementsPerItem, kMaxTextBytesPerItem, kMaxAttributesPerItem};
constexpr XmlLimits kDocumentXmlLimits{kMaxElementsPerDocument, kMaxXmlBytes, kMaxAttributesPerDocument};

// Returns an empty string when the text may be parsed, else "line N: problem". A document whose
// root is an item (qti-assessment-item, assessmentItem) is held to kItemXmlLimits whatever is given.
std::string xmlGuardProblem(std::string_view xml, const XmlLimits& limits = kDocumentXmlLimits);

}  // namespace dlk
