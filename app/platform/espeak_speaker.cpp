#include "platform/espeak_speaker.h"

#include <espeak-ng/speak_lib.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "support/logger.h"
#include "util/error.h"

namespace dlk {

namespace {
// espeak-ng's voice for a pupil's language; Dutch is the kiosk's default.
const char* voiceFor(const std::string& language) {
    return language == "en" ? "en" : "nl";
}
}  // namespace

EspeakSpeaker::EspeakSpeaker() {
    const int rate = espeak_Initialize(AUDIO_OUTPUT_PLAYBACK, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
        m_problem = "espeak-ng could not start (is espeak-ng-data installed?)";
        logWarning("read-aloud unavailable: " + m_problem);
        return;
    }
    if (espeak_SetVoiceByName("nl") != EE_OK) {
        m_problem = "espeak-ng has no Dutch voice";
        logWarning("read-aloud unavailable: " + m_problem);
        return;
    }
    // A little slower than espeak's default 175 words a minute: the listeners are 10 to 15.
    espeak_SetParameter(espeakRATE, 150, 0);
    m_ok = true;
}

EspeakSpeaker::~EspeakSpeaker() {
    if (m_ok) {
        espeak_Cancel();
        espeak_Terminate();
    }
}

void EspeakSpeaker::say(const std::string& text, const std::string& language) {
    if (!m_ok) return;
    espeak_Cancel();
    if (espeak_SetVoiceByName(voiceFor(language)) != EE_OK) {
        logWarning(std::string("read-aloud: no espeak-ng voice for ") + voiceFor(language));
        return;
    }
    espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
}

void EspeakSpeaker::stop() {
    if (m_ok) espeak_Cancel();
}

bool EspeakSpeaker::speaking() const {
    return m_ok && espeak_IsPlaying() != 0;
}

namespace {
std::vector<int16_t>* g_collect = nullptr;
int collectSamples(short* wav, int count, espeak_EVENT*) {
    if (wav && count > 0 && g_collect) g_collect->insert(g_collect->end(), wav, wav + count);
    return 0;  // go on
}
}  // namespace

SynthesisResult synthesise(const std::string& text, const std::string& language) {
    SynthesisResult out;
    out.sampleRate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (out.sampleRate <= 0) throw Error(ErrorKind::Io, "espeak-ng could not start (is espeak-ng-data installed?)");
    struct Terminate {
        ~Terminate() { espeak_Terminate(); }
    } terminate;
    if (espeak_SetVoiceByName(voiceFor(language)) != EE_OK)
        throw Error(ErrorKind::NotFound, std::string("espeak-ng has no voice '") + voiceFor(language) + "'");
    espeak_SetParameter(espeakRATE, 150, 0);
    espeak_SetSynthCallback(collectSamples);
    g_collect = &out.samples;
    const espeak_ERROR err =
        espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
    espeak_Synchronize();
    g_collect = nullptr;
    if (err != EE_OK) throw Error(ErrorKind::Io, "espeak-ng could not synthesise the text");
    return out;
}

void writeWav(const std::string& path, const SynthesisResult& audio) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), std::fclose);
    if (!f) throw Error(ErrorKind::Io, "cannot write " + path + ": " + std::strerror(errno));
    const uint32_t dataBytes = static_cast<uint32_t>(audio.samples.size() * 2);
    const uint32_t rate = static_cast<uint32_t>(audio.sampleRate);
    auto u32 = [&](uint32_t v) { std::fwrite(&v, 4, 1, f.get()); };
    auto u16 = [&](uint16_t v) { std::fwrite(&v, 2, 1, f.get()); };
    std::fwrite("RIFF", 1, 4, f.get());
    u32(36 + dataBytes);
    std::fwrite("WAVEfmt ", 1, 8, f.get());
    u32(16);
    u16(1);  // PCM
    u16(1);  // mono
    u32(rate);
    u32(rate * 2);
    u16(2);
    u16(16);
    std::fwrite("data", 1, 4, f.get());
    u32(dataBytes);
    std::fwrite(audio.samples.data(), 2, audio.samples.size(), f.get());
    if (std::ferror(f.get())) throw Error(ErrorKind::Io, "writing " + path + " failed (disk full?)");
}

}  // namespace dlk
