// `emoforget synth`: renders a synthetic Italian emotional-speech corpus with
// espeak-ng into DIR/wav/<speaker>/<utt_id>.wav (16 kHz mono, 16-bit) and
// DIR/manifest.csv (path, speaker, emotion, split, gender, utt_id, sentence_id,
// text) with a speaker-independent split. The folder appears only when
// complete. espeak-ng renders in plan order on one thread, so each run of the
// program gives the same bytes for the same configuration; see espeak.h
// for why a second corpus rendered in the same process can differ slightly.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "audio/waveform.h"
#include "synth/espeak.h"
#include "synth/plan.h"

namespace emoforget::synth {

constexpr int kSynthSampleRate = 16000;

struct SynthConfig {
  std::filesystem::path out;
  int speakers = kDemosSpeakers;
  int per_class = 8;
  uint64_t seed = 0;
  std::filesystem::path sentences_file;           // empty: the built-in list
  std::array<double, 3> split{0.32, 0.32, 0.36};  // train, val, test (of utterances)
  bool overwrite = false;                         // replace an existing non-empty `out`
  int threads = 0;  // workers for resampling, effects and writing; 0 = all cores (max 8)

  // Throws emoforget::Error naming the bad field and value. Does not touch disk.
  void validate() const;
  std::string to_string() const;
};

struct SynthSummary {
  int speakers = 0;
  int female_speakers = 0;
  int utterances = 0;
  double audio_seconds = 0.0;
  double min_seconds = 0.0;
  double max_seconds = 0.0;
  double wall_seconds = 0.0;
  double utterances_per_second = 0.0;
  std::string split_table;  // split x emotion counts
};

// The espeak-ng request of a planned utterance.
EspeakRequest espeak_request(const SynthUtterancePlan& utterance);

// The 16 kHz utterance from espeak-ng's rendering: resampling, silence
// trimming, effects and output gain (deterministic for the plan).
audio::Waveform finish_utterance(const SynthUtterancePlan& utterance,
                                 const audio::Waveform& native);

// espeak_render(espeak_request(u)) then finish_utterance().
audio::Waveform render_utterance(const SynthUtterancePlan& utterance);

// The sentences `config` names (its file, or the built-in list).
std::vector<std::string> synth_sentences(const SynthConfig& config);

// Writes the corpus. Refuses an existing non-empty `out` unless
// `config.overwrite`; then the old folder is replaced only after success. On
// any error nothing is left at `out` (an old folder stays as it was).
SynthSummary synthesize_corpus(const SynthConfig& config);

}  // namespace emoforget::synth
