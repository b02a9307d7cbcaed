// `dlkiosk say [--lang nl|en] [--wav FILE] TEXT...`: read-aloud from the command line, so a
// teacher or technician can hear (or a test can check) that the kiosk's voices work offline.
// It speaks through espeak-ng, so it lives with the window program (dlkiosk-gui), not the tools.
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "cli/options.h"
#include "platform/espeak_speaker.h"

namespace dlk::platform {

using cli::Args;

int sayCommand(Args& args) {
    const std::string language = args.valueOr("lang", "nl");
    const auto wav = args.value("wav");
    args.requireKnown();
    if (language != "nl" && language != "en") throw std::runtime_error("--lang takes nl or en");
    std::string text;
    for (const auto& word : args.positional()) text += (text.empty() ? "" : " ") + word;
    if (text.empty()) throw std::runtime_error("say needs the text to speak, e.g. dlkiosk say --lang nl Hallo");
    if (wav) {
        const auto t0 = std::chrono::steady_clock::now();
        const SynthesisResult audio = synthesise(text, language);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        writeWav(*wav, audio);
        std::fprintf(stderr, "dlkiosk: %.2f s of speech (%zu samples at %d Hz) synthesised in %.0f ms, written to %s\n",
                     static_cast<double>(audio.samples.size()) / audio.sampleRate, audio.samples.size(),
                     audio.sampleRate, ms, wav->c_str());
        return audio.samples.empty() ? 1 : 0;
    }
    EspeakSpeaker speaker;
    if (!speaker.available()) throw std::runtime_error("read-aloud is not available: " + speaker.problem());
    speaker.say(text, language);
    // espeak-ng plays on its own thread; wait until it is done (at most a minute).
    for (int i = 0; i < 600 && (i < 5 || speaker.speaking()); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return 0;
}

}  // namespace dlk::platform
