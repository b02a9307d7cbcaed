// A stored answer shown again as the pupil left it (delivery/review_session.h): the review holds
// exactly the stored answer, what is done in it stays in its own copy, and an answer that does not
// fit the item is refused with the item's file named.
#include <doctest/doctest.h>

#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "delivery/review_session.h"
#include "qti/qti_loader.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

TEST_CASE("review session: holds the stored answer - a change stays in the review - a foreign answer is refused") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Module* module = bank.findModule("m01-schoolreis");
    REQUIRE(module);
    std::shared_ptr<const Item> item;
    for (const auto& candidate : module->variant("nl").items)
        if (candidate->identifier == "schoolreis-09-antwoord") item = candidate;
    REQUIRE(item);
    CHECK(sharedItemOf(bank, "m01-schoolreis", item.get()) == item);
    CHECK(sharedItemOf(bank, "m02-nepnieuws", item.get()) == nullptr);
    CHECK(sharedItemOf(bank, "no-such-module", item.get()) == nullptr);

    VariableMap answer;
    answer["REPLY"] = Value::single(BaseType::String, "Beste museum, we komen met 24 leerlingen.");
    ReviewSession review(item, "nl", answer, 1'780'000'000'000);
    ModuleSession& s = review.session();
    CHECK(s.itemCount() == 1);
    CHECK(&s.currentItem() == item.get());
    CHECK(s.response("REPLY").items == std::vector<std::string>{"Beste museum, we komen met 24 leerlingen."});
    // A teacher's click in the review changes the review's copy, and a second review of the same
    // stored answer starts from the answer again.
    s.setResponse("REPLY", Value::single(BaseType::String, "iets anders"), 1'780'000'001'000);
    CHECK(s.flush(1'780'000'001'000));
    CHECK(s.response("REPLY").items == std::vector<std::string>{"iets anders"});
    ReviewSession again(item, "nl", answer, 1'780'000'002'000);
    CHECK(again.session().response("REPLY").items ==
          std::vector<std::string>{"Beste museum, we komen met 24 leerlingen."});

    VariableMap foreign;
    foreign["TITLE"] = Value::single(BaseType::String, "een poster");
    const auto why = errorOf([&] { ReviewSession bad(item, "nl", foreign, 1'780'000'000'000); });
    REQUIRE(why);
    CHECK(why->kind() == ErrorKind::Invalid);
    CHECK(contains(why->what(), "schoolreis-09-antwoord.xml"));
    CHECK(contains(why->what(), "'TITLE'"));
    const auto none = errorOf([&] { ReviewSession nothing(nullptr, "nl", answer, 0); });
    REQUIRE(none);
    CHECK(contains(none->what(), "no item"));
}
