#pragma once
// Reads QTI 3.0 and 2.1/2.2 items (and, in item_bank, tests and manifests) into the one model.
// Every failure is a dlk::Error whose message starts "file:line:".
#include <string>
#include <string_view>

#include "qti/item.h"

namespace tinyxml2 {
class XMLDocument;
class XMLElement;
class XMLNode;
}  // namespace tinyxml2

namespace dlk {

Item parseItemXml(std::string_view xml, const std::string& sourceName);
Item loadItemFile(const std::string& path);

// tinyxml2 9 drops whitespace-only text between elements ("<b>Let</b> <i>op</i>" would read
// "Letop"); this puts a &#32; in front of each such run so it survives. Line numbers are kept.
std::string keepInterElementSpace(std::string_view xml);

// Reads a whole file, refusing files over kMaxXmlBytes before reading them.
std::string readTextFile(const std::string& path);

// Shared by the item, test and manifest readers: parses after the xml guard, so a hostile file
// fails with "file:line: message" instead of reaching tinyxml2's weak spots.
void parseGuardedXml(tinyxml2::XMLDocument& doc, std::string_view xml, const std::string& sourceName);

// "qti-response-declaration" -> "responseDeclaration"; 2.x names pass unchanged.
std::string normaliseQtiName(std::string_view name);
// The local name of an element with any namespace prefix removed, normalised.
std::string qtiLocalName(const tinyxml2::XMLElement* e);
// An attribute by its 2.x name, trying the 3.0 kebab-case spelling too.
const char* qtiAttribute(const tinyxml2::XMLElement* e, const char* camelName);

// The QTI version of a document from its root's namespace; throws "file:line: ..." when the
// root is not `expectedLocalName` (normalised, e.g. "assessmentTest") in a QTI namespace.
QtiVersion detectQtiVersion(const tinyxml2::XMLElement* root, const std::string& sourceName,
                            const std::string& expectedLocalName);
// An element and its descendants as a BodyNode tree, names and attributes normalised.
BodyNode readElementTree(const tinyxml2::XMLNode* node, QtiVersion version);
OutcomeDeclaration readOutcomeDeclarationElement(const tinyxml2::XMLElement* e, const std::string& sourceName,
                                                 QtiVersion version);

}  // namespace dlk
