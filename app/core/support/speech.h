#pragma once
// Read-aloud, as the UI sees it: text in, speech out, in the pupil's language. The kiosk speaks
// through espeak-ng (platform/espeak_speaker.*); tests hand the UI a speaker that records.
#include <string>

namespace dlk {

class Speaker {
public:
    virtual ~Speaker() = default;
    // False when this computer cannot speak (no voice data, no sound device).
    virtual bool available() const = 0;
    // Starts speaking `text` (UTF-8) in `language` ("nl", "en"), cutting off what was being said.
    virtual void say(const std::string& text, const std::string& language) = 0;
    virtual void stop() = 0;
    virtual bool speaking() const = 0;
};

}  // namespace dlk
