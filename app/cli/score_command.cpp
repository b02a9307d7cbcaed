// `dlkiosk score ITEM.xml --response JSON [--seed N]`: the item's outcome variables after
// response processing, as one JSON object. The same code path scores pupils in the kiosk.
#include <cstdio>
#include <stdexcept>

#include "cli/options.h"
#include "qti/processing.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk::cli {

int scoreCommand(Args& args, const char* /*argv0*/) {
    const auto& pos = args.positional();
    if (pos.size() != 1) throw std::runtime_error("score takes one item file: dlkiosk score ITEM.xml --response JSON");
    const std::string responseText = args.valueOr("response", "{}");
    int64_t seed = 0;
    if (!parseInt64(args.valueOr("seed", "0"), seed)) throw std::runtime_error("--seed takes a whole number");
    args.requireKnown();

    const Item loaded = loadItemFile(pos[0]);
    // Template processing first (a seeded variant), then response processing on that variant.
    const Item item = instantiateItem(loaded, static_cast<uint64_t>(seed));
    const Json json = parseJson(responseText, "--response");
    if (!json.is_object())
        throw Error(ErrorKind::Invalid, "--response must be a JSON object such as {\"RESPONSE\": \"A\"}");
    VariableMap responses;
    for (const auto& [id, value] : json.items()) {
        const ResponseDeclaration* decl = item.findResponse(id);
        if (!decl) throw Error(ErrorKind::Invalid, "the item declares no response variable '" + id + "'");
        responses[id] = valueFromJson(value, decl->cardinality, decl->baseType, id);
    }
    VariableMap outcomes;
    try {
        outcomes = processResponses(item, responses);
    } catch (const Error& e) {
        // The words the class report, the export and the log use for the same failure.
        throw Error(e.kind(), std::string("cannot be scored: ") + e.what());
    }
    Json out = Json::object();
    // Declaration order, as an author reads the item.
    for (const auto& o : item.outcomes) {
        auto it = outcomes.find(o.identifier);
        const Value v = it == outcomes.end() ? Value::null(o.cardinality, o.baseType) : it->second;
        // Floats print as floats (2.0, not 2) so a reader sees the declared type: a double is
        // written with its fraction, where valueToJson writes whole numbers as integers.
        double d = 0;
        if (!v.isNull() && v.cardinality == Cardinality::Single && v.baseType == BaseType::Float &&
            parseDouble(v.items[0], d))
            out[o.identifier] = d;
        else
            out[o.identifier] = valueToJson(v);
    }
    std::printf("%s\n", dumpJson(out).c_str());
    return 0;
}

}  // namespace dlk::cli
