#include "bank/bank_rules.h"

#include <algorithm>

#include "qti/area.h"
#include "qti/package.h"
#include "qti/qti_vocabulary.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

std::string joined(const std::vector<std::string>& v, const char* sep = " ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string fileNameOf(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string folderOf(std::string_view path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string languageName(std::string_view language) {
    if (language == "nl") return "Dutch (nl)";
    if (language == "en") return "English (en)";
    return "'" + std::string(language) + "'";
}

std::string valueText(const std::optional<Value>& v) {
    if (!v) return "none";
    if (v->isNull()) return "NULL";
    std::string s = joined(v->items, ", ");
    for (const auto& f : v->fields) s += (s.empty() ? "" : ", ") + f.name + "=" + f.value;
    return s;
}

std::string mappingText(const std::optional<Mapping>& m) {
    if (!m) return "none";
    std::string s = "default " + formatDouble(m->defaultValue);
    if (m->lowerBound) s += ", lower bound " + formatDouble(*m->lowerBound);
    if (m->upperBound) s += ", upper bound " + formatDouble(*m->upperBound);
    for (const auto& e : m->entries)
        s += "; " + e.key + " -> " + formatDouble(e.value) + (e.caseSensitive ? "" : " (any case)");
    return s;
}

std::string areaMappingText(const std::optional<AreaMapping>& m) {
    if (!m) return "none";
    std::string s = "default " + formatDouble(m->defaultValue);
    for (const auto& e : m->entries) {
        s += "; " + std::string(areaShapeName(e.area.shape)) + " at";
        for (double c : e.area.coords) s += " " + formatDouble(c);
        s += " -> " + formatDouble(e.value);
    }
    return s;
}

// Processing rules compared as trees; whitespace between elements is layout, not meaning.
bool sameTree(const BodyNode& a, const BodyNode& b) {
    if (a.isText != b.isText) return false;
    if (a.isText) return trim(a.text) == trim(b.text);
    if (a.name != b.name || a.attributes != b.attributes) return false;
    std::vector<const BodyNode*> ka, kb;
    for (const auto& c : a.children)
        if (!c.isText || !trim(c.text).empty()) ka.push_back(&c);
    for (const auto& c : b.children)
        if (!c.isText || !trim(c.text).empty()) kb.push_back(&c);
    if (ka.size() != kb.size()) return false;
    for (size_t i = 0; i < ka.size(); ++i)
        if (!sameTree(*ka[i], *kb[i])) return false;
    return true;
}

// The choice identifiers of an interaction, in document order; a nested interaction has its own.
void choiceIds(const BodyNode& n, std::vector<std::string>& out, bool top) {
    if (n.isText || (!top && n.isInteraction())) return;
    if (const ElementSpec* s = findElementSpec(n.name); s && (s->roles & elem::Choice))
        if (const std::string* id = n.attribute("identifier")) out.push_back(*id);
    for (const auto& c : n.children) choiceIds(c, out, false);
}

// "10-15" or "12": whole years within [kMinItemAge, kMaxItemAge], the lower first.
bool parseAgeRange(std::string_view text, int& from, int& to) {
    const auto dash = text.find('-');
    int64_t a = 0, b = 0;
    if (!parseInt64(text.substr(0, dash), a)) return false;
    if (dash == std::string_view::npos)
        b = a;
    else if (!parseInt64(text.substr(dash + 1), b))
        return false;
    if (a < kMinItemAge || b > kMaxItemAge || a > b) return false;
    from = static_cast<int>(a), to = static_cast<int>(b);
    return true;
}

}  // namespace

// ---- categories

RefCategories readCategories(const ItemRefSpec& ref, const std::string& testPath, std::vector<Finding>& findings) {
    RefCategories out;
    bool named = false;  // a dlk-domain-* that names a domain, even when an earlier one did too
    for (const std::string& c : ref.categories) {
        if (c.starts_with(kDomainCategoryPrefix)) {
            const std::string id = c.substr(kDomainCategoryPrefix.size());
            if (auto d = domainFromId(id)) {
                if (!out.domain) out.domain = d;
                named = true;
            } else {
                findings.push_back(
                    {testPath, ref.line, Severity::Error, "unknown domain '" + id + "' (ict, info, media or ct)"});
            }
        } else if (c.starts_with(kKerndoelCategoryPrefix)) {
            int64_t k = 0;
            if (parseInt64(c.substr(kKerndoelCategoryPrefix.size()), k) && k >= 1 && k <= 9)
                out.kerndoelen.push_back(static_cast<int>(k));
            else
                findings.push_back({testPath, ref.line, Severity::Warning, "'" + c + "' is not a kerndoel (1 to 9)"});
        } else if (c.starts_with(kAspectCategoryPrefix)) {
            const std::string id = c.substr(kAspectCategoryPrefix.size());
            if (const IcilsAspect* a = findIcilsAspect(id); !a)
                findings.push_back({testPath, ref.line, Severity::Error,
                                    "unknown ICILS aspect '" + id + "' (1.1 to 4.2, ct-1.1 to ct-2.2)"});
            else if (out.aspect && out.aspect != a)
                findings.push_back({testPath, ref.line, Severity::Error,
                                    "item ref '" + ref.identifier + "' names a second ICILS aspect, '" + id +
                                        "' besides '" + std::string(out.aspect->id) + "' (an item measures one)"});
            else
                out.aspect = a;
        } else if (c.starts_with(kMinutesCategoryPrefix)) {
            double minutes = 0;
            if (!parseDouble(c.substr(kMinutesCategoryPrefix.size()), minutes) || !(minutes > 0) ||
                minutes > kMaxItemMinutes)
                findings.push_back({testPath, ref.line, Severity::Warning,
                                    "'" + c + "' is not an estimated time (minutes above 0, at most " +
                                        formatDouble(kMaxItemMinutes) + ", such as dlk-minutes-1.5)"});
            else if (out.minutes > 0)
                findings.push_back({testPath, ref.line, Severity::Warning,
                                    "item ref '" + ref.identifier + "' has a second estimated time, '" + c + "'"});
            else
                out.minutes = minutes;
        } else if (c.starts_with(kAgeCategoryPrefix)) {
            int from = 0, to = 0;
            if (!parseAgeRange(c.substr(kAgeCategoryPrefix.size()), from, to))
                findings.push_back({testPath, ref.line, Severity::Warning,
                                    "'" + c + "' is not an intended age (whole years from " +
                                        std::to_string(kMinItemAge) + " to " + std::to_string(kMaxItemAge) +
                                        ", the lower first, such as dlk-age-10-15 or dlk-age-12)"});
            else if (out.ageFrom > 0)
                findings.push_back({testPath, ref.line, Severity::Warning,
                                    "item ref '" + ref.identifier + "' has a second intended age, '" + c + "'"});
            else
                out.ageFrom = from, out.ageTo = to;
        }
    }
    if (!named)
        findings.push_back({testPath, ref.line, Severity::Error,
                            "item ref '" + ref.identifier + "' has no dlk-domain-* category (ict, info, media or ct)"});
    return out;
}

void warnMissingCategories(const ItemRefSpec& ref, const RefCategories& categories, const Item* item,
                           const std::string& testPath, std::vector<Finding>& findings) {
    // A ref without a domain has its error already: it is not tagged at all, or wrongly.
    if (!item || item->maxScore() <= 0 || !categories.domain) return;
    if (categories.kerndoelen.empty())
        findings.push_back({testPath, ref.line, Severity::Warning,
                            "scored item ref '" + ref.identifier + "' has no dlk-kerndoel-* category (1 to 9)"});
    if (!categories.aspect)
        findings.push_back({testPath, ref.line, Severity::Warning,
                            "scored item ref '" + ref.identifier +
                                "' has no dlk-icils-* category (its ICILS aspect: 1.1 to 4.2, ct-1.1 to ct-2.2)"});
}

bool isBankCategory(std::string_view category) {
    return category.starts_with(kDomainCategoryPrefix) || category.starts_with(kKerndoelCategoryPrefix) ||
           category.starts_with(kAspectCategoryPrefix) || category.starts_with(kMinutesCategoryPrefix) ||
           category.starts_with(kAgeCategoryPrefix);
}

// ---- module files

std::string moduleFileName(std::string_view language) {
    return "module." + std::string(language) + ".xml";
}

std::string moduleFileLanguage(std::string_view path) {
    const auto parts = split(fileNameOf(path), '.');
    return parts.size() == 3 && parts[0] == "module" && parts[2] == "xml" && !parts[1].empty() ? parts[1] : "";
}

bool sameModuleFolder(std::string_view testPath, std::string_view otherTestPath) {
    return !moduleFileLanguage(testPath).empty() && !moduleFileLanguage(otherTestPath).empty() &&
           folderOf(testPath) == folderOf(otherTestPath);
}

// ---- language versions

LanguageVersion languageVersion(const AssessmentTest& test, std::vector<const Item*> items,
                                std::vector<Finding>& findings) {
    LanguageVersion v;
    v.test = &test;
    for (const RouteItem& r : allItemRefs(test)) v.refs.push_back(r.ref);
    v.items = std::move(items);
    v.items.resize(v.refs.size(), nullptr);
    for (size_t i = 0; i < v.refs.size(); ++i) {
        const Item* item = v.items[i];
        if (!item || item->language.empty()) continue;
        if (v.language.empty())
            v.language = item->language;
        else if (item->language != v.language)
            findings.push_back({test.sourcePath, v.refs[i]->line, Severity::Error,
                                "item '" + v.refs[i]->identifier + "' is in '" + item->language +
                                    "', the test's earlier items in '" + v.language + "'"});
    }
    if (v.language.empty()) v.language = moduleFileLanguage(test.sourcePath);
    if (v.language.empty()) v.language = kSourceLanguage;
    return v;
}

std::vector<Finding> compareLanguageVersions(const LanguageVersion& source, const LanguageVersion& translation) {
    std::vector<Finding> out;
    const std::string& path = translation.test->sourcePath;
    const std::string sourceName = "the " + source.language + " version " + source.test->sourcePath;
    if (source.refs.size() != translation.refs.size())
        out.push_back({path, translation.test->line, Severity::Error,
                       "lists " + std::to_string(translation.refs.size()) + " items; " + sourceName + " lists " +
                           std::to_string(source.refs.size())});
    for (size_t i = 0; i < std::min(source.refs.size(), translation.refs.size()); ++i) {
        const ItemRefSpec& a = *source.refs[i];
        const ItemRefSpec& b = *translation.refs[i];
        if (a.identifier != b.identifier) {
            out.push_back({path, b.line, Severity::Error,
                           "item ref " + std::to_string(i + 1) + " is '" + b.identifier + "'; in " + sourceName + ":" +
                               std::to_string(a.line) + " it is '" + a.identifier + "'"});
            continue;
        }
        auto ca = a.categories, cb = b.categories;
        std::sort(ca.begin(), ca.end());
        std::sort(cb.begin(), cb.end());
        if (ca != cb)
            out.push_back({path, b.line, Severity::Error,
                           "item ref '" + b.identifier + "' has categories '" + joined(b.categories) + "'; the " +
                               source.language + " version has '" + joined(a.categories) + "'"});
        if (i < source.items.size() && i < translation.items.size() && source.items[i] && translation.items[i])
            compareItems(*source.items[i], *translation.items[i], source.language, out);
    }
    return out;
}

void compareItems(const Item& a, const Item& b, const std::string& sourceLanguage, std::vector<Finding>& findings) {
    auto differs = [&](int line, const std::string& what, int sourceLine, const std::string& detail) {
        findings.push_back({b.sourcePath, line, Severity::Error,
                            what + " differs from the " + sourceLanguage + " version; " + a.sourcePath + ":" +
                                std::to_string(sourceLine) + ": " + detail});
    };
    auto ids = [](const auto& decls) {
        std::vector<std::string> v;
        for (const auto& d : decls) v.push_back(d.identifier);
        return v;
    };
    if (ids(a.responses) != ids(b.responses)) {
        differs(b.line, "the list of response declarations", a.line,
                joined(ids(b.responses), ", ") + " vs " + joined(ids(a.responses), ", "));
    } else {
        for (size_t i = 0; i < a.responses.size(); ++i) {
            const ResponseDeclaration& x = a.responses[i];
            const ResponseDeclaration& y = b.responses[i];
            const std::string what = "response declaration '" + y.identifier + "'";
            if (x.cardinality != y.cardinality || x.baseType != y.baseType)
                differs(y.line, what, x.line,
                        std::string(cardinalityName(y.cardinality)) + " " + baseTypeName(y.baseType) + " vs " +
                            cardinalityName(x.cardinality) + " " + baseTypeName(x.baseType));
            if (x.correctResponse != y.correctResponse)
                differs(y.line, what, x.line,
                        "correct response " + valueText(y.correctResponse) + " vs " + valueText(x.correctResponse));
            if (mappingText(x.mapping) != mappingText(y.mapping))
                differs(y.line, what, x.line, "mapping " + mappingText(y.mapping) + " vs " + mappingText(x.mapping));
            if (areaMappingText(x.areaMapping) != areaMappingText(y.areaMapping))
                differs(y.line, what, x.line,
                        "area mapping " + areaMappingText(y.areaMapping) + " vs " + areaMappingText(x.areaMapping));
        }
    }
    auto compareOutcomes = [&](const std::vector<OutcomeDeclaration>& xs, const std::vector<OutcomeDeclaration>& ys,
                               const std::string& kind) {
        if (ids(xs) != ids(ys)) {
            differs(b.line, "the list of " + kind + " declarations", a.line,
                    joined(ids(ys), ", ") + " vs " + joined(ids(xs), ", "));
            return;
        }
        for (size_t i = 0; i < xs.size(); ++i) {
            const OutcomeDeclaration& x = xs[i];
            const OutcomeDeclaration& y = ys[i];
            const std::string what = kind + " declaration '" + y.identifier + "'";
            if (x.cardinality != y.cardinality || x.baseType != y.baseType)
                differs(y.line, what, x.line,
                        std::string(cardinalityName(y.cardinality)) + " " + baseTypeName(y.baseType) + " vs " +
                            cardinalityName(x.cardinality) + " " + baseTypeName(x.baseType));
            if (x.defaultValue != y.defaultValue)
                differs(y.line, what, x.line,
                        "default value " + valueText(y.defaultValue) + " vs " + valueText(x.defaultValue));
            if (x.normalMinimum != y.normalMinimum || x.normalMaximum != y.normalMaximum)
                differs(y.line, what, x.line, "normal minimum or maximum");
            if (x.externalScored != y.externalScored) differs(y.line, what, x.line, "who scores it (external-scored)");
            if (x.matchTable != y.matchTable || x.matchTableDefault != y.matchTableDefault ||
                x.interpolationTable.size() != y.interpolationTable.size() ||
                x.interpolationDefault != y.interpolationDefault)
                differs(y.line, what, x.line, "lookup table");
        }
    };
    compareOutcomes(a.outcomes, b.outcomes, "outcome");
    compareOutcomes(a.templates, b.templates, "template");
    if (a.processing.kind != b.processing.kind || a.processing.templateUri != b.processing.templateUri ||
        !sameTree(a.processing.rules, b.processing.rules))
        differs(b.processing.line ? b.processing.line : b.line, "response processing",
                a.processing.line ? a.processing.line : a.line,
                b.processing.templateUri.empty() && a.processing.templateUri.empty()
                    ? "the rules are not the same"
                    : "'" + b.processing.templateUri + "' vs '" + a.processing.templateUri + "'");
    if (!sameTree(a.templateProcessing, b.templateProcessing))
        differs(b.line, "template processing", a.line, "the rules are not the same");
    const auto ia = a.interactions(), ib = b.interactions();
    if (ia.size() != ib.size()) {
        differs(b.line, "the number of interactions", a.line,
                std::to_string(ib.size()) + " vs " + std::to_string(ia.size()));
        return;
    }
    for (size_t i = 0; i < ia.size(); ++i) {
        std::vector<std::string> ca, cb;
        choiceIds(*ia[i], ca, true);
        choiceIds(*ib[i], cb, true);
        const std::string spelled = b.version == QtiVersion::V3_0 ? qti3ElementName(ib[i]->name) : ib[i]->name;
        const std::string what = "interaction " + std::to_string(i + 1) + " (<" + spelled + ">)";
        const std::string ra = ia[i]->attributeOr("responseIdentifier", ""),
                          rb = ib[i]->attributeOr("responseIdentifier", "");
        if (ia[i]->name != ib[i]->name || ra != rb)
            differs(ib[i]->line, what, ia[i]->line,
                    ib[i]->name + " for " + (rb.empty() ? "?" : rb) + " vs " + ia[i]->name + " for " +
                        (ra.empty() ? "?" : ra));
        else if (ca != cb)
            differs(ib[i]->line, what, ia[i]->line, "choice identifiers " + joined(cb) + " vs " + joined(ca));
    }
}

// ---- `dlkiosk validate`

bool isDlkioskBank(const Package& package, const std::map<std::string, CheckedDocument>& documents) {
    if (package.exists("session-design.json")) return true;
    for (const auto& [path, d] : documents)
        if (d.test)
            for (const RouteItem& r : allItemRefs(*d.test))
                if (std::any_of(r.ref->categories.begin(), r.ref->categories.end(), isBankCategory)) return true;
    return false;
}

std::vector<Finding> BankRules::check(const Package& package,
                                      const std::map<std::string, CheckedDocument>& documents) const {
    std::vector<Finding> out;
    if (m_scope == Scope::DlkioskBanks && !isDlkioskBank(package, documents)) return out;
    // The versions, grouped by module identifier in the order the tests come (by path).
    std::vector<LanguageVersion> versions;
    for (const auto& [path, d] : documents) {
        if (!d.test) continue;
        std::vector<const Item*> items;
        for (const RouteItem& r : allItemRefs(*d.test)) {
            const RefCategories categories = readCategories(*r.ref, path, out);
            const Item* item = nullptr;
            try {
                const auto it = documents.find(Package::resolve(path, r.ref->href));
                if (it != documents.end()) item = it->second.item.get();
            } catch (const Error&) {
                // reported by the test's own QTI checks
            }
            warnMissingCategories(*r.ref, categories, item, path, out);
            items.push_back(item);
        }
        versions.push_back(languageVersion(*d.test, std::move(items), out));
    }
    std::vector<std::string> order;
    std::map<std::string, std::vector<const LanguageVersion*>> modules;
    for (const LanguageVersion& v : versions) {
        if (!modules.count(v.test->identifier)) order.push_back(v.test->identifier);
        modules[v.test->identifier].push_back(&v);
    }
    for (const std::string& id : order) {
        std::map<std::string, const LanguageVersion*> byLanguage;
        std::vector<const LanguageVersion*> unique;
        for (const LanguageVersion* v : modules[id]) {
            if (auto [it, fresh] = byLanguage.emplace(v->language, v); !fresh)
                out.push_back({v->test->sourcePath, v->test->line, Severity::Error,
                               "module '" + id + "' has a second '" + v->language + "' version (the first is " +
                                   it->second->test->sourcePath + ")"});
            else
                unique.push_back(v);
        }
        const LanguageVersion& first = *unique.front();
        for (std::string_view language : kRequiredLanguages)
            if (!byLanguage.count(std::string(language)))
                out.push_back({first.test->sourcePath, first.test->line, Severity::Error,
                               "module '" + id + "' has no " + languageName(language) + " version"});
        const auto source = byLanguage.find(std::string(kSourceLanguage));
        const LanguageVersion& base = source != byLanguage.end() ? *source->second : first;
        for (const LanguageVersion* v : unique)
            if (v != &base)
                for (Finding& f : compareLanguageVersions(base, *v)) out.push_back(std::move(f));
    }
    return out;
}

}  // namespace dlk
