// The espeak-ng engine: one process-wide instance, initialised on first use
// from a private data folder whose voice variants have flutter, roughness and
// breath off, the largest state carried between calls (see the header).
#include "synth/espeak.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <system_error>
#include <vector>

#include "common/error.h"
#include "synth/speakers.h"

namespace emoforget::synth {

namespace fs = std::filesystem;

namespace {

constexpr int kEspeakVolume = 40;  // fixed: loudness is set later; low enough never to overflow
constexpr const char* kLanguage = "it";
constexpr int kBufferMs = 20000;  // one callback per utterance

int collect_samples(short* wav, int count, espeak_EVENT* events) {
  if (wav == nullptr || count <= 0 || events == nullptr) return 0;
  auto* out = static_cast<std::vector<short>*>(events->user_data);
  if (out != nullptr) out->insert(out->end(), wav, wav + count);
  return 0;
}

class EspeakEngine {
 public:
  static EspeakEngine& instance() {
    static EspeakEngine engine;
    return engine;
  }

  ~EspeakEngine() {
    if (!private_root_.empty()) {
      std::error_code ignored;
      fs::remove_all(private_root_, ignored);
    }
  }

  const fs::path& system_data() {
    std::lock_guard<std::mutex> lock(mutex_);
    locate_system_data();
    return system_data_;
  }

  audio::Waveform render(const EspeakRequest& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    start();
    if (request.variant.empty() || request.variant.find('/') != std::string::npos ||
        !fs::exists(system_data_ / "voices" / "!v" / request.variant)) {
      throw Error("unknown espeak-ng voice variant '" + request.variant + "' (no file in " +
                  (system_data_ / "voices" / "!v").string() + ")");
    }
    ensure_variant(request.variant);
    const std::string voice = std::string(kLanguage) + "+" + request.variant;
    if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) {
      throw Error("espeak-ng cannot load voice '" + voice + "'");
    }
    espeak_SetParameter(espeakRATE, request.rate_wpm, 0);
    espeak_SetParameter(espeakPITCH, request.pitch, 0);
    espeak_SetParameter(espeakRANGE, request.range, 0);
    espeak_SetParameter(espeakWORDGAP, request.word_gap, 0);
    espeak_SetParameter(espeakVOLUME, kEspeakVolume, 0);
    std::srand(request.noise_seed);

    std::vector<short> pcm;
    const espeak_ERROR status = espeak_Synth(request.text.c_str(), request.text.size() + 1, 0,
                                             POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &pcm);
    if (status != EE_OK) {
      throw Error("espeak-ng failed to speak \"" + request.text + "\" (error " +
                  std::to_string(static_cast<int>(status)) + ")");
    }
    if (pcm.empty()) throw Error("espeak-ng gave no audio for \"" + request.text + "\"");
    audio::Waveform wave;
    wave.sample_rate = sample_rate_;
    wave.samples.resize(pcm.size());
    for (size_t i = 0; i < pcm.size(); ++i)
      wave.samples[i] = static_cast<float>(pcm[i]) / 32768.0f;
    return wave;
  }

 private:
  void locate_system_data() {
    if (!system_data_.empty()) return;
    espeak_ng_InitializePath(nullptr);
    const char* path = nullptr;
    espeak_Info(&path);
    if (path == nullptr || !fs::is_directory(fs::path(path) / "voices" / "!v")) {
      throw Error(std::string("espeak-ng data not found (looked in ") + (path ? path : "?") +
                  "); install espeak-ng-data or set ESPEAK_DATA_PATH");
    }
    system_data_ = path;
  }

  // Builds <tmp>/emoforget-espeak-<pid>/espeak-ng-data: links to the system
  // files, and a voices/!v folder filled by ensure_variant().
  void start() {
    if (sample_rate_ > 0) return;
    locate_system_data();
    const fs::path root =
        fs::temp_directory_path() / ("emoforget-espeak-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(root, ec);
    const fs::path data = root / "espeak-ng-data";
    fs::create_directories(data / "voices" / "!v", ec);
    if (ec) throw Error("cannot create " + (data / "voices").string() + ": " + ec.message());
    private_root_ = root;
    for (const fs::directory_entry& entry : fs::directory_iterator(system_data_)) {
      if (entry.path().filename() == "voices") continue;
      fs::create_symlink(entry.path(), data / entry.path().filename(), ec);
      if (ec) throw Error("cannot link " + entry.path().string() + ": " + ec.message());
    }
    for (const std::string& v : female_variants())
      ensure_variant(v);
    for (const std::string& v : male_variants())
      ensure_variant(v);

    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, kBufferMs, root.c_str(),
                                       espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) throw Error("espeak-ng failed to start with data in " + data.string());
    espeak_SetSynthCallback(collect_samples);
    sample_rate_ = rate;
  }

  // Writes the private copy of a variant: the system file plus flutter,
  // roughness and breath off (later keywords override earlier ones).
  void ensure_variant(const std::string& variant) {
    const fs::path target = private_root_ / "espeak-ng-data" / "voices" / "!v" / variant;
    if (fs::exists(target)) return;
    const fs::path source = system_data_ / "voices" / "!v" / variant;
    std::ifstream in(source, std::ios::binary);
    if (!in) throw Error("cannot read espeak-ng voice variant " + source.string());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text += "\nflutter 0\nroughness 0\nbreath 0 0 0 0 0 0 0 0\n";
    std::ofstream out(target, std::ios::binary);
    out << text;
    if (!out) throw Error("cannot write " + target.string());
  }

  std::mutex mutex_;
  fs::path system_data_;
  fs::path private_root_;
  int sample_rate_ = 0;
};

}  // namespace

bool espeak_variant_exists(const std::string& variant) {
  if (variant.empty() || variant.find('/') != std::string::npos) return false;
  return fs::exists(EspeakEngine::instance().system_data() / "voices" / "!v" / variant);
}

audio::Waveform espeak_render(const EspeakRequest& request) {
  return EspeakEngine::instance().render(request);
}

}  // namespace emoforget::synth
