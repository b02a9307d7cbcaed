#pragma once
// How big an item may be, and how much its processing may do. Every item is treated as written by
// an attacker (docs/data-flow.md, hostile input): one beyond these limits is refused at load with
// "file:line: ..." and the rest of the bank loads; processing that would grow beyond them is an
// error for that item, never a hang or an allocation that takes the machine down.
//
// The figures in "why" were measured on the bank in items/ (221 documents, December 2026).
#include <cstddef>

namespace dlk {

// ---- the XML text (checked by xml_guard before tinyxml2 sees it) ------------------------------

// Attributes on one element. tinyxml2 looks for a duplicate name by walking the attributes
// already read, so its cost is quadratic (100,000 attributes took 48.7 s). The bank's most is 12
// (a mail scenario); QTI's global attributes, data-* and aria-* together stay far below 256.
constexpr size_t kMaxAttributesPerElement = 256;

// Attributes in one item, all elements together. The per-element limit alone still let 6,600
// elements of 256 attributes each (16 MiB) through: 1.4 s in tinyxml2's duplicate checks and 22 s
// in the validator. The bank's items have at most a few hundred; 50,000 is 30 times the largest.
constexpr size_t kMaxAttributesPerItem = 50000;

// Attributes in any other document: a manifest of kMaxPackageEntries files carries about five per
// file; tinyxml2's duplicate checks then stay under 10^8 comparisons.
constexpr size_t kMaxAttributesPerDocument = 500000;

// Bytes in one attribute value. The bank's longest is 222 bytes (an image's alt text); 64 KiB
// holds a long description, while identifiers and values copied from attributes stay small.
constexpr size_t kMaxAttributeValueBytes = 64u << 10;

// Elements in one item (a document whose root is an item, however it is read). The bank's
// largest item has a few hundred; every element is drawn each
// frame and walked by the loader, validator and writer. 20,000 is 40 times that.
constexpr size_t kMaxElementsPerItem = 20000;

// Elements in any other document (a manifest, a test). The manifest lists at most
// kMaxPackageEntries files, each a <file> inside a <resource> with its dependencies.
constexpr size_t kMaxElementsPerDocument = 250000;

// Bytes of text (character data and CDATA) in one item. The bank's wordiest item holds 3.6 KB;
// a long reading passage of 10,000 words is about 60 KB. All of it is laid out every frame.
constexpr size_t kMaxTextBytesPerItem = 1u << 20;

// ---- the item model (checked by the loader) ---------------------------------------------------

// Choices (simpleChoice, hottext, gapText, hotspotChoice, ...) in one interaction. The bank's most
// is 30; a pupil of 10-15 cannot weigh hundreds, and every choice is drawn and hit-tested each
// frame (an interaction with 100,000 choices drew no frame in 100 s).
constexpr size_t kMaxChoicesPerInteraction = 200;

// ---- processing (response, template and outcome processing) -----------------------------------

// numberRepeats of one <repeat>. QTI sets no maximum; real items repeat a handful of times.
// Beyond it the item is refused at load (a literal number) or its processing fails (a variable).
constexpr int kMaxRepeatCount = 1000;

// Values in one container (multiple, ordered) an operator builds. A response holds at most one
// value per choice or pair of choices (200 x 200 pairs would be 40,000, but matchMax keeps real
// ones tiny); 10,000 keeps the quadratic operators (contains, match on multiple) under 10^8
// comparisons. Nested repeats once grew to 2.4 GB: growing past this is a processing error.
constexpr size_t kMaxContainerValues = 10000;

// Bytes of values held at once by one run of processing (operands waiting for their operator, and
// values stored in variables). Values are strings: 10,000 values of a long text each would
// otherwise reach gigabytes. Real processing holds kilobytes (a pupil's longest text answer
// included); 8 MiB of values is also what a Debug build copies around in well under a second.
constexpr size_t kMaxProcessingBytes = 8u << 20;

// Expressions evaluated in one run of processing (template processing counts all its draws).
// Real items evaluate tens to hundreds (a hundred template draws a few thousand); nested repeats of
// 1000 x 1000 x 1000 would never end. 100,000 take about half a second in a Debug build.
constexpr size_t kMaxEvaluations = 100000;

// Expressions nested inside each other. tinyxml2 refuses documents deeper than 100 elements
// (TINYXML2_MAX_ELEMENT_DEPTH), so this guards the evaluator's stack when a model is built
// another way; real items nest a handful deep.
constexpr int kMaxExpressionDepth = 200;

}  // namespace dlk
