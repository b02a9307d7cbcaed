#pragma once
// A mail client (ICILS digital communication and safety): an inbox with senders, subjects,
// bodies, attachments and links. The pupil opens, replies, forwards, deletes, moves to a folder,
// reports as phishing and blocks senders; the answer is the mailbox as it is left. Its skills:
// recognise phishing (a sender's address that does not fit the name, a link whose real address
// differs from its words, an unexpected attachment), answer a message properly, keep the inbox
// tidy.
//
// The scenario (every id an identifier of letters, digits, '-' and '_', starting with a letter):
//
//   <dlk:mail xmlns:dlk="https://dlkiosk.nl/ns/1" user="Sam de Vries" address="sam@mijnschoolmail.nl"
//             reported-response="REPORTED" clicked-response="CLICKED">
//     <dlk:folder id="schoolreis" name="Schoolreis"/>
//     <dlk:contact id="juf" name="Juf Anna" address="anna@mijnschoolmail.nl"/>
//     <dlk:message id="m1" from-name="Waterschap Groene Delta" from-address="info@groene-delta.xyz"
//                  date="di 14 juni 09:12" subject="Zwemvergunning verplicht!" read="false">
//       <dlk:p>Vraag vandaag nog je vergunning aan via
//         <dlk:link id="l1" href="http://groene-delta.xyz/inloggen">www.waterschap-groenedelta.nl</dlk:link>.</dlk:p>
//       <dlk:attachment id="a1" name="vergunning.pdf.exe" size="48213"/>
//     </dlk:message>
//   </dlk:mail>
//
// Every mailbox has the folders inbox, sent, spam and trash (named in the pupil's language); a
// scenario adds its own (dlk:folder, with the name shown). A message starts in the inbox unless
// it names another folder (folder="spam"), to the user's address unless it says to="...". Its date
// is shown as written; read="true" starts it read. A link's words are what the message shows, its
// href where it really goes; an attachment has a name, a size in bytes and optionally a type (the
// label on its icon; the name's extension in capitals by default). Contacts are the address book
// a message can be forwarded to. reply-to="m2" names the message whose reply reply-response holds.
//
// The answer is a record (the state, documented at toResponse) that a restart resumes from, and
// the scenario element may name response variables it fills on every action (each optional):
//
//   reported-response     multiple identifier   messages reported as phishing
//   deleted-response      multiple identifier   messages in the trash
//   folders-response      multiple directedPair every message -> the folder it is in ("m2 spam")
//   blocked-response      multiple string       the sender addresses blocked
//   reply-response        single string         the text of the last reply sent to reply-to's
//                                               message (to any message without reply-to)
//   forwarded-response    multiple directedPair message -> contact, for every forward sent
//   clicked-response      multiple identifier   links clicked
//   attachments-response  multiple identifier   attachments opened
//   opened-response       multiple identifier   messages the pupil opened
//
// So each scoring question is one standard operator: member or match on REPORTED, member or
// mapResponse on FOLDERS, isNull/stringMatch on REPLY (or a teacher's rubric). An empty container
// is NULL, on which member is NULL too: "did not click l1" is
// or(isNull(CLICKED), not(member(l1, CLICKED))).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qti/value.h"
#include "sim/environment.h"

namespace dlk::sim::mail {

// What a scenario may hold (items come from outside).
inline constexpr size_t kMaxMessages = 30;
inline constexpr size_t kMaxFolders = 8;  // of its own, besides the four every mailbox has
inline constexpr size_t kMaxContacts = 12;
inline constexpr size_t kMaxParagraphs = 20;   // in one message
inline constexpr size_t kMaxLinks = 10;        // in one message
inline constexpr size_t kMaxAttachments = 5;   // in one message
inline constexpr size_t kMaxIdBytes = 32;      // any id
inline constexpr size_t kMaxLineBytes = 200;   // a name, address, subject, date or file name
inline constexpr size_t kMaxHrefBytes = 300;   // a link's real address
inline constexpr size_t kMaxBodyBytes = 4000;  // the text of one message
// What a pupil may make.
inline constexpr size_t kMaxSent = 20;          // replies and forwards sent
inline constexpr size_t kMaxTypedBytes = 4000;  // the text of one reply or forward

// The folders every mailbox has.
inline constexpr std::string_view kInbox = "inbox";
inline constexpr std::string_view kSent = "sent";
inline constexpr std::string_view kSpam = "spam";
inline constexpr std::string_view kTrash = "trash";

// A piece of a paragraph: plain text, or the words of a link (`link` is its id). Whitespace is
// collapsed; `text` keeps a leading or trailing space where the source had one.
struct Run {
    std::string text;
    std::string link;
};
struct Link {
    std::string id;
    std::string href;   // where it really goes
    std::string words;  // what the message shows
};
struct Attachment {
    std::string id;
    std::string name;
    std::string type;   // the label on its icon: "PDF", "EXE"
    int64_t size = -1;  // bytes; -1 when the scenario does not say
};
struct Message {
    std::string id, fromName, fromAddress, to, date, subject;
    std::string folder;  // where it starts
    bool read = false;   // at the start
    std::vector<std::vector<Run>> paragraphs;
    std::vector<Link> links;
    std::vector<Attachment> attachments;
    int line = 0;
};
struct Folder {
    std::string id, name;
};
struct Contact {
    std::string id, name, address;
};

struct MailScenario : Scenario {
    std::string user, address;
    std::vector<Folder> folders;  // the scenario's own, in order
    std::vector<Contact> contacts;
    std::vector<Message> messages;
    std::string replyTo;  // the message whose reply reply-response holds; empty: any

    const Message* message(std::string_view id) const;
    const Contact* contact(std::string_view id) const;
    const Contact* contactWithAddress(std::string_view a) const;
    // The link or attachment with this id, and the message that holds it.
    const Link* link(std::string_view id, const Message** in = nullptr) const;
    const Attachment* attachment(std::string_view id, const Message** in = nullptr) const;
    // A folder a message can be in: inbox, spam, trash or one of the scenario's own.
    bool holdsMessages(std::string_view folder) const;
    // Every folder in the order a mail program lists them: inbox, the scenario's own, sent,
    // spam, trash.
    std::vector<std::string> folderOrder() const;
    size_t indexOf(std::string_view messageId) const;  // messages.size() when none
};

enum class DraftKind { Reply, Forward };

// A reply or forward: to whom (addresses: the sender's for a reply, contacts' for a forward) and
// the text exactly as the pupil typed it.
struct Draft {
    DraftKind kind = DraftKind::Reply;
    std::string message;
    std::vector<std::string> to;
    std::string text;
    bool operator==(const Draft&) const = default;
};

struct MessageState {
    std::string folder;
    std::string deletedFrom;  // while in the trash: the folder it came from
    bool read = false;
    bool opened = false;  // by the pupil
    bool reported = false;
    bool operator==(const MessageState&) const = default;
};

struct State {
    std::string folder{kInbox};            // the folder shown
    std::string open;                      // the message shown, empty for the folder's list
    std::vector<MessageState> messages;    // in the scenario's order
    std::vector<std::string> blocked;      // sender addresses, in the order blocked
    std::vector<std::string> clicked;      // link ids, in the order first clicked
    std::vector<std::string> attachments;  // attachment ids opened, likewise
    std::vector<Draft> sent;               // replies and forwards sent, in order
    std::optional<Draft> draft;            // the one being written
    bool operator==(const State&) const = default;
};

// The mailbox before the pupil does anything.
State start(const MailScenario& scenario);

// The pupil's actions, the closed vocabulary process data records ("mail.open=m2"). The argument
// is an id from the scenario, never text the pupil typed:
//   folder=<folder>      show a folder's list             open=<message>      read a message
//   close                back to the list                 link=<link>         click a link
//   attachment=<id>      open an attachment               delete=<message>    move it to the trash
//   restore=<message>    from the trash to where it was   move=<message>:<folder>
//   report=<message>     report as phishing (to spam)     unreport=<message>  not phishing after all
//   block=<message>      block its sender (their inbox messages go to spam)
//   unblock=<message>    unblock its sender               reply=<message>     start a reply
//   forward=<message>    start a forward                  to=<contact>        add or take away a recipient
//   send                 send the reply or forward        discard             throw it away
// An action that does not fit the state (an unknown id, a reply while another is being written,
// sending a forward to nobody) leaves the state as it was.
inline constexpr std::string_view kActions[] = {"folder",  "open",    "close",  "link",     "attachment", "delete",
                                                "restore", "move",    "report", "unreport", "block",      "unblock",
                                                "reply",   "forward", "to",     "send",     "discard"};
State apply(const MailScenario& scenario, State state, const Action& action);

// The text of the reply or forward being written, as typed (not an action: typing is not
// process data). Cut to kMaxTypedBytes at a character boundary; nothing without a draft.
State withDraftText(State state, std::string text);

// For the view and the outputs.
bool isBlocked(const State& state, std::string_view address);
// The messages in a folder, in the scenario's order (indexes into scenario.messages).
std::vector<size_t> messagesIn(const MailScenario& scenario, const State& state, std::string_view folder);
int unreadIn(const MailScenario& scenario, const State& state, std::string_view folder);

// The response record for a state, and the state a stored response stands for (NULL, or anything
// this scenario's mailbox could not be in: the mailbox at the start).
Value toResponse(const MailScenario& scenario, const State& state);
State fromResponse(const MailScenario& scenario, const Value& response);

extern const EnvironmentType kType;

}  // namespace dlk::sim::mail
