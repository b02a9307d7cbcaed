#pragma once
// Read-aloud through libespeak-ng: offline, Dutch and English voices from espeak-ng-data.
// espeak-ng keeps global state, so there is one speaker per process.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/speech.h"

namespace dlk {

class EspeakSpeaker : public Speaker {
public:
    // Plays through the sound device; available() is false when espeak-ng cannot start.
    EspeakSpeaker();
    ~EspeakSpeaker() override;
    bool available() const override { return m_ok; }
    void say(const std::string& text, const std::string& language) override;
    void stop() override;
    bool speaking() const override;
    const std::string& problem() const { return m_problem; }

private:
    bool m_ok = false;
    std::string m_problem;
};

// Starts espeak-ng only when a pupil who has read-aloud first needs it: loading the voices costs
// start-up time every other pupil would pay for nothing.
class LazyEspeakSpeaker : public Speaker {
public:
    bool available() const override { return speaker().available(); }
    void say(const std::string& text, const std::string& language) override { speaker().say(text, language); }
    void stop() override {
        if (m_speaker) m_speaker->stop();
    }
    bool speaking() const override { return m_speaker && m_speaker->speaking(); }

private:
    EspeakSpeaker& speaker() const {
        if (!m_speaker) m_speaker = std::make_unique<EspeakSpeaker>();
        return *m_speaker;
    }
    mutable std::unique_ptr<EspeakSpeaker> m_speaker;
};

struct SynthesisResult {
    int sampleRate = 0;
    std::vector<int16_t> samples;  // mono, 16 bit
};

// Synthesises `text` without a sound device (for `dlkiosk say --wav` and the tests). Throws
// dlk::Error when espeak-ng or the voice is missing. Not to be mixed with an EspeakSpeaker in
// one process.
SynthesisResult synthesise(const std::string& text, const std::string& language);
// Writes 16-bit mono PCM as a WAV file; throws dlk::Error(Io) naming the file.
void writeWav(const std::string& path, const SynthesisResult& audio);

}  // namespace dlk
