#pragma once
// A social-media profile (media literacy: managing your own online presence and privacy, and
// behaving well online; ICT basic skills: privacy settings). The pupil is the owner of a
// profile in an invented app: their own posts and those of friends and strangers, each with who
// sees it, tags and comments, and privacy settings. They choose who sees their posts, change
// settings, remove a tag of themselves, report a post or an account (with a reason), block and
// unblock people, delete their own posts, and undo what they did.
//
//   <dlk:social xmlns:dlk="https://dlkiosk.nl/ns/1" app="Flitz"
//       settings-response="SETTINGS" reported-response="REPORTED" blocked-response="BLOCKED">
//     <dlk:profile id="sanne" name="Sanne de Vries">Groep 8. Ik hou van zwemmen.</dlk:profile>
//     <dlk:person id="tim" name="Tim Bakker" relation="friend"/>
//     <dlk:person id="nieuwsflits" name="@NieuwsFlits24"/>
//     <dlk:setting id="posts" label="Wie ziet je berichten?" options="everyone friends only-me"
//         value="everyone"/>
//     <dlk:setting id="tagging" label="Wie mag jou taggen?" value="everyone">
//       <dlk:option id="everyone"/><dlk:option id="friends"/><dlk:option id="nobody" label="Niemand"/>
//     </dlk:setting>
//     <dlk:reason id="fake-news"/><dlk:reason id="spam"/>
//     <dlk:post id="p1" author="nieuwsflits" date="3 uur geleden">HAAI in de plas! Deel dit!
//       <img src="../media/haai.png" alt="..." width="320" height="200"/>
//       <dlk:tag person="sanne"/>
//       <dlk:comment author="tim">Echt waar?</dlk:comment>
//     </dlk:post>
//   </dlk:social>
//
// The scenario: one profile (the pupil), people (relation friend or stranger), settings with
// 2 to 6 options each (option ids from the known vocabulary, whose words the kiosk has, or any
// identifier with a label), report reasons (the known ones when the scenario names none), and
// posts in feed order with their author (the profile or a person), audience (everyone, friends,
// only-me; changeable on the pupil's own posts), date as shown, text, an optional picture (an
// <img>), tags and comments. Ids are ASCII identifiers; posts, people and the profile share one
// set of ids (a report names either).
//
// The response is a record of strings, lists as space-separated tokens:
//   settings   "setting:option ..." every setting, in scenario order
//   audiences  "post:audience ..." every one of the pupil's own posts, in scenario order
//   untagged   "post ..." posts the pupil removed their own tag from
//   reported   "target:reason ..." posts and people reported, in the order reported
//   blocked    "person ..." people blocked
//   deleted    "post ..." own posts deleted
//   history    "verb:arg[:previous] ..." what undo takes back, oldest first (kMaxHistory)
// A NULL or malformed response (an unknown id, a missing setting) is the scenario's start.
//
// Outputs (attributes on the scenario element naming responses the item declares), each scored
// by one standard operator:
//   settings-response  multiple directedPair  "setting option" for every setting (member, contains, mapResponse)
//   audience-response  multiple directedPair  "post audience" for own posts not deleted
//   untagged-response  multiple identifier    posts the pupil's tag was removed from
//   reported-response  multiple identifier    posts and people reported
//   reasons-response   multiple directedPair  "target reason" for every report
//   blocked-response   multiple identifier    people blocked
//   deleted-response   multiple identifier    own posts deleted
//
// Actions (process data "social.<verb>=<argument>"; arguments are ids from the scenario):
//   set=setting:option  audience=post:audience  untag=post  report=target:reason  block=person
//   unblock=person  delete=post  undo
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qti/item.h"
#include "qti/value.h"
#include "sim/environment.h"

namespace dlk::sim::social {

// Bounds on a scenario, which comes from outside.
inline constexpr size_t kMaxPosts = 30;
inline constexpr size_t kMaxPeople = 20;
inline constexpr size_t kMaxSettings = 12;
inline constexpr size_t kMaxOptions = 6;
inline constexpr size_t kMaxReasons = 10;
inline constexpr size_t kMaxTagsPerPost = 10;
inline constexpr size_t kMaxCommentsPerPost = 10;
inline constexpr size_t kMaxTextBytes = 500;   // a post, a comment, the profile's text
inline constexpr size_t kMaxLabelBytes = 120;  // a name, a setting's question, an option, a date
inline constexpr size_t kMaxIdBytes = 32;      // so "social.report=<id>:<id>" stays a short code
inline constexpr size_t kMaxHistory = 100;     // actions undo can take back

// Who sees a post: the app's own three audiences.
inline constexpr std::string_view kEveryone = "everyone", kFriends = "friends", kOnlyMe = "only-me";
const std::vector<std::string_view>& audiences();

// The Dutch words (msgids for tr) of the option and reason ids the kiosk knows; null for others.
const char* knownOptionWord(std::string_view id);
const char* knownReasonWord(std::string_view id);

struct Option {
    std::string id, label;  // label empty: the kiosk's word for a known id
};
struct Setting {
    std::string id, label;
    std::vector<Option> options;
    std::string value;  // at the start
};
struct Person {
    std::string id, name;
    bool isFriend = false;  // relation="friend"; otherwise a stranger
};
struct Comment {
    std::string author, text;
};
struct Post {
    std::string id, author, audience, date, text;
    std::vector<std::string> tags;  // person ids (the profile's id included)
    std::vector<Comment> comments;
    std::optional<BodyNode> picture;  // an <img>
};
struct Reason {
    std::string id, label;  // label empty: the kiosk's word for a known id
};

struct SocialScenario : Scenario {
    std::string app;  // the app's invented name, shown in its bar
    Person me;
    std::string bio;
    std::vector<Person> people;
    std::vector<Setting> settings;
    std::vector<Reason> reasons;
    std::vector<Post> posts;

    const Person* person(std::string_view id) const;  // the profile or one of the people
    const Post* post(std::string_view id) const;
    const Setting* setting(std::string_view id) const;
    const Reason* reason(std::string_view id) const;
    bool own(const Post& p) const { return p.author == me.id; }
};

struct State {
    std::vector<std::pair<std::string, std::string>> settings;   // setting, option
    std::vector<std::pair<std::string, std::string>> audiences;  // own post, audience
    std::vector<std::string> untagged;
    std::vector<std::pair<std::string, std::string>> reported;  // target, reason
    std::vector<std::string> blocked;
    std::vector<std::string> deleted;
    std::vector<std::string> history;
    bool operator==(const State&) const = default;
};

// The profile as the scenario starts it.
State startState(const SocialScenario& scenario);

// The actions, as process data records them.
Action setAction(std::string_view setting, std::string_view option);
Action audienceAction(std::string_view post, std::string_view audience);
Action untagAction(std::string_view post);
Action reportAction(std::string_view target, std::string_view reason);
Action blockAction(std::string_view person);
Action unblockAction(std::string_view person);
Action deleteAction(std::string_view post);
Action undoAction();

// The profile after `action`. An action that does not apply (an unknown id, a post that is not
// the pupil's, a person already blocked, nothing to undo) leaves the state as it was.
State apply(const SocialScenario& scenario, State state, const Action& action);

// What the view asks.
std::string settingValue(const State& state, std::string_view setting);
std::string audienceOf(const SocialScenario& scenario, const State& state, const Post& post);
bool isBlocked(const State& state, std::string_view person);
bool isDeleted(const State& state, std::string_view post);
bool isUntagged(const State& state, std::string_view post);
std::optional<std::string> reportReason(const State& state, std::string_view target);
bool canUntag(const SocialScenario& scenario, const State& state, const Post& post);
// The action undo would take back, as "verb:arg[:previous]"; empty when there is none.
std::string lastUndoable(const State& state);

// The response record for a state, and the state a stored response stands for.
Value toResponse(const State& state);
State fromResponse(const SocialScenario& scenario, const Value& response);

extern const EnvironmentType kType;

}  // namespace dlk::sim::social
