#pragma once
// dlkiosk's own rules for an item bank, on top of QTI (docs/item-format.md, "A dlkiosk bank"):
// - every item ref names its domain, its kerndoelen and its ICILS aspect in its categories
//   (dlk-domain-media dlk-kerndoel-4 dlk-icils-4.2);
// - a module is one assessmentTest per language, named module.<lang>.xml, in Dutch (the source
//   language) and English;
// - the language versions of a module list the same refs with the same categories, and their items
//   score alike: the same declarations, processing and choice identifiers. Only human text differs.
// ItemBank loads a bank by these rules and `dlkiosk validate` reports them (BankRules); both call
// the functions below, so what one refuses the other reports, in the same words.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/domain.h"
#include "bank/icils.h"
#include "qti/assessment_test.h"
#include "qti/item.h"
#include "qti/validator.h"

namespace dlk {

// ---- the categories of an assessmentItemRef

constexpr std::string_view kDomainCategoryPrefix = "dlk-domain-";      // + domainId(): dlk-domain-media
constexpr std::string_view kKerndoelCategoryPrefix = "dlk-kerndoel-";  // + 1 to 9: dlk-kerndoel-4
constexpr std::string_view kAspectCategoryPrefix = "dlk-icils-";       // + an ICILS aspect: dlk-icils-2.1
constexpr std::string_view kMinutesCategoryPrefix = "dlk-minutes-";    // + estimated minutes: dlk-minutes-1.5
constexpr double kMaxItemMinutes = 30;  // an item's estimate above this is a typing error, not a task
constexpr std::string_view kAgeCategoryPrefix = "dlk-age-";  // + intended ages in whole years: dlk-age-10-15
constexpr int kMinItemAge = 4, kMaxItemAge = 18;             // the school ages an intended age may name

struct RefCategories {
    std::optional<Domain> domain;         // the first dlk-domain-* that names a domain
    std::vector<int> kerndoelen;          // the dlk-kerndoel-* from 1 to 9, in their order
    const IcilsAspect* aspect = nullptr;  // the dlk-icils-* (bank/icils.h), null without one
    double minutes = 0;                   // the dlk-minutes-*: the time a pupil needs, estimated; 0: none
    int ageFrom = 0, ageTo = 0;           // the dlk-age-*: the pupils' ages the item is meant for; 0: none
};

// What a ref's categories say. What is wrong with them (no domain, an unknown domain or ICILS
// aspect, a second aspect: errors; a kerndoel out of range, an estimated time that is not a number
// of minutes above 0 and at most kMaxItemMinutes, an intended age that is not "<from>-<to>" (or one
// age) in whole years from kMinItemAge to kMaxItemAge with from <= to, a second time or age:
// warnings) is added to `findings`, at the ref's line of `testPath`.
RefCategories readCategories(const ItemRefSpec& ref, const std::string& testPath, std::vector<Finding>& findings);
// What a scored item's ref lacks: a warning for no kerndoel and one for no ICILS aspect. An item
// without points (practice writing, an unscored survey question) needs neither; a ref without a
// domain has its error from readCategories and gets no more.
void warnMissingCategories(const ItemRefSpec& ref, const RefCategories& categories, const Item* item,
                           const std::string& testPath, std::vector<Finding>& findings);
// dlk-domain-*, dlk-kerndoel-*, dlk-icils-*, dlk-minutes-* or dlk-age-*: a category only a bank made
// for dlkiosk has.
bool isBankCategory(std::string_view category);

// ---- module files and languages

constexpr std::string_view kSourceLanguage = "nl";  // the language items are written in first
constexpr std::array<std::string_view, 2> kRequiredLanguages = {"nl", "en"};

std::string moduleFileName(std::string_view language);  // "module.<language>.xml"
// The <lang> of a path whose file name is module.<lang>.xml; empty for any other name.
std::string moduleFileLanguage(std::string_view path);
// Whether two test files are, by the bank layout, versions of one module: both named
// module.<lang>.xml, in the same folder. What groups versions whose test cannot be read.
bool sameModuleFolder(std::string_view testPath, std::string_view otherTestPath);

// ---- the language versions of a module

struct LanguageVersion {
    const AssessmentTest* test = nullptr;  // named by its sourcePath, a package path
    std::string language;
    std::vector<const ItemRefSpec*> refs;  // allItemRefs order
    std::vector<const Item*> items;        // per ref; null where the item did not load
};

// The version of `test` whose items (per ref of allItemRefs(test), null where one did not load)
// are `items`. Its language is its items' xml:lang; an item in another language than the ones
// before it is an error (a pupil would get it in the wrong language). Without items that say, the
// test's file name module.<lang>.xml tells, else it is the source language.
LanguageVersion languageVersion(const AssessmentTest& test, std::vector<const Item*> items,
                                std::vector<Finding>& findings);

// How `translation` differs from `source`, as errors at the translation's files: other refs, or
// refs in another order; other categories; and per ref whose items both loaded, compareItems.
std::vector<Finding> compareLanguageVersions(const LanguageVersion& source, const LanguageVersion& translation);
// How a translated item would score differently: response, outcome and template declarations
// (identifiers, types, correct responses, mappings, defaults, lookup tables), response and template
// processing, and per interaction its kind, response and choice identifiers. Errors at `translation`.
void compareItems(const Item& source, const Item& translation, const std::string& sourceLanguage,
                  std::vector<Finding>& findings);

// ---- `dlkiosk validate`

// A package made for dlkiosk: session-design.json at its root (as items/ has), or a test that
// gives an item ref one of dlkiosk's categories. Another platform's package has neither, and is
// judged as QTI only.
bool isDlkioskBank(const Package& package, const std::map<std::string, CheckedDocument>& documents);

// The rules above as the validator's PackageRules: categories of every item ref, and per module
// (the versions grouped by test identifier) one version per language, the required languages,
// and every version compared with the Dutch one.
class BankRules : public PackageRules {
public:
    enum class Scope {
        DlkioskBanks,  // only a package isDlkioskBank recognises (`dlkiosk validate`)
        Always,        // every package (`dlkiosk validate --bank`)
    };
    explicit BankRules(Scope scope) : m_scope(scope) {}
    std::vector<Finding> check(const Package& package,
                               const std::map<std::string, CheckedDocument>& documents) const override;

private:
    Scope m_scope;
};

}  // namespace dlk
