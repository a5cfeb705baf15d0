// Rendering and writing the synthetic corpus (see corpus.h).
#include "synth/corpus.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>

#include "audio/resample.h"
#include "audio/write_wav.h"
#include "common/atomic_write.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "common/progress.h"
#include "data/manifest.h"
#include "data/split.h"
#include "synth/effects.h"
#include "synth/espeak.h"
#include "synth/sentences.h"

namespace emoforget::synth {

namespace fs = std::filesystem;

namespace {

constexpr double kTrimThreshold = 0.02;  // of the peak
constexpr double kTrimMargin = 0.06;     // seconds kept around the speech
constexpr int kMaxWorkers = 8;
constexpr size_t kBatch = 64;  // utterances rendered by espeak-ng before the workers run

int worker_count(int requested, size_t items) {
  int n = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  n = std::clamp(n, 1, kMaxWorkers);
  return static_cast<int>(std::min<size_t>(static_cast<size_t>(n), std::max<size_t>(items, 1)));
}

void check_output_folder(const SynthConfig& config) {
  std::error_code ec;
  if (!fs::exists(config.out, ec)) return;
  if (!fs::is_directory(config.out, ec)) {
    throw Error("--out " + config.out.string() + " exists and is not a folder");
  }
  if (!fs::is_empty(config.out, ec) && !config.overwrite) {
    throw Error("--out " + config.out.string() +
                " exists and is not empty; pass --overwrite to replace it");
  }
}

data::Manifest build_manifest(const fs::path& root, const std::vector<SynthUtterancePlan>& plan) {
  data::Manifest manifest;
  manifest.root = root;
  manifest.extra_columns = {"sentence_id", "text"};
  manifest.utterances.reserve(plan.size());
  for (const SynthUtterancePlan& p : plan) {
    data::Utterance u;
    u.utt_id = p.utt_id;
    u.path = p.path;
    u.speaker = p.speaker;
    u.emotion = p.emotion;
    u.gender = p.gender;
    u.extra["sentence_id"] = std::to_string(p.sentence_id);
    u.extra["text"] = p.text;
    manifest.utterances.push_back(std::move(u));
  }
  return manifest;
}

// Renders and writes every planned utterance under `root`; returns durations.
// espeak-ng runs on this thread in plan order (its hidden state then evolves
// the same way every run); resampling, effects and writing of each batch run
// on `threads` workers.
std::vector<double> render_all(const fs::path& root, const std::vector<SynthUtterancePlan>& plan,
                               int threads) {
  std::vector<double> seconds(plan.size(), 0.0);
  Progress progress("synth", static_cast<int64_t>(plan.size()), "utt");
  const int n_workers = worker_count(threads, kBatch);
  std::vector<audio::Waveform> native(kBatch);
  for (size_t begin = 0; begin < plan.size(); begin += kBatch) {
    if (interrupt_signal() != 0)
      throw_if_interrupted("synthesis (utterance " + std::to_string(begin + 1) + " of " +
                           std::to_string(plan.size()) + ")");
    const size_t end = std::min(plan.size(), begin + kBatch);
    for (size_t i = begin; i < end; ++i)
      native[i - begin] = espeak_render(espeak_request(plan[i]));

    std::atomic<size_t> next{begin};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex mutex;
    auto work = [&] {
      while (!failed) {
        const size_t i = next++;
        if (i >= end) return;
        try {
          const audio::Waveform wave = finish_utterance(plan[i], native[i - begin]);
          audio::write_wav(root / plan[i].path, wave.samples, wave.sample_rate);
          seconds[i] = wave.seconds();
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex);
          if (!error) error = std::current_exception();
          failed = true;
        }
      }
    };
    std::vector<std::thread> workers;
    for (int t = 1; t < n_workers; ++t)
      workers.emplace_back(work);
    work();
    for (std::thread& w : workers)
      w.join();
    if (error) std::rethrow_exception(error);
    progress.advance(static_cast<int64_t>(end - begin));
  }
  progress.finish();
  return seconds;
}

}  // namespace

void SynthConfig::validate() const {
  if (out.empty()) throw Error("--out is required (the corpus folder to create)");
  const int max = max_synth_speakers();
  if (speakers < 3 || speakers > max) {
    throw Error("--speakers " + std::to_string(speakers) + " is out of range: expected 3.." +
                std::to_string(max) + " (distinct espeak-ng variant x pitch x rate combinations)");
  }
  if (per_class < 1) {
    throw Error("--per-class " + std::to_string(per_class) + " must be at least 1");
  }
  if (threads < 0) throw Error("threads " + std::to_string(threads) + " must be >= 0");
  data::SplitConfig split_config;
  split_config.fractions = split;
  split_config.seed = seed;
  split_config.validate();
}

std::string SynthConfig::to_string() const {
  std::ostringstream s;
  s << "synth: out=" << out.string() << " speakers=" << speakers << " (" << female_count(speakers)
    << " female) per_class=" << per_class << " seed=" << seed
    << " sentences=" << (sentences_file.empty() ? std::string("built-in") : sentences_file.string())
    << " split=" << split[0] << "," << split[1] << "," << split[2]
    << " overwrite=" << (overwrite ? "yes" : "no");
  return s.str();
}

EspeakRequest espeak_request(const SynthUtterancePlan& u) {
  EspeakRequest request;
  request.variant = u.variant;
  request.text = u.text;
  request.rate_wpm = u.prosody.rate_wpm;
  request.pitch = u.prosody.pitch;
  request.range = u.prosody.range;
  request.word_gap = u.prosody.word_gap;
  request.noise_seed = static_cast<uint32_t>(u.noise_seed >> 32);
  return request;
}

audio::Waveform finish_utterance(const SynthUtterancePlan& u, const audio::Waveform& native) {
  audio::Waveform wave;
  wave.sample_rate = kSynthSampleRate;
  wave.samples = audio::resample(native.samples, native.sample_rate, kSynthSampleRate);
  trim_silence(wave.samples, wave.sample_rate, kTrimThreshold, kTrimMargin);
  Rng rng(u.noise_seed);
  apply_effects(wave.samples, wave.sample_rate, u.prosody.effects, u.prosody.gain_db, rng);
  return wave;
}

audio::Waveform render_utterance(const SynthUtterancePlan& u) {
  return finish_utterance(u, espeak_render(espeak_request(u)));
}

std::vector<std::string> synth_sentences(const SynthConfig& config) {
  return config.sentences_file.empty() ? builtin_sentences()
                                       : read_sentences(config.sentences_file);
}

SynthSummary synthesize_corpus(const SynthConfig& config) {
  config.validate();
  check_output_folder(config);
  const std::vector<std::string> sentences = synth_sentences(config);
  const std::vector<SynthSpeaker> speakers = make_speakers(config.speakers, config.seed);
  const std::vector<SynthUtterancePlan> plan =
      plan_corpus(speakers, sentences, config.per_class, config.seed);

  SynthSummary summary;
  summary.speakers = config.speakers;
  summary.female_speakers = female_count(config.speakers);
  summary.utterances = static_cast<int>(plan.size());
  const auto start = std::chrono::steady_clock::now();
  write_dir_atomic(config.out, [&](const fs::path& tmp) {
    for (const SynthSpeaker& s : speakers) {
      std::error_code ec;
      fs::create_directories(tmp / "wav" / s.id, ec);
      if (ec) throw Error("cannot create " + (tmp / "wav" / s.id).string() + ": " + ec.message());
    }
    const std::vector<double> seconds = render_all(tmp, plan, config.threads);
    summary.audio_seconds = 0.0;
    summary.min_seconds = *std::min_element(seconds.begin(), seconds.end());
    summary.max_seconds = *std::max_element(seconds.begin(), seconds.end());
    for (const double s : seconds)
      summary.audio_seconds += s;

    data::Manifest manifest = build_manifest(tmp, plan);
    data::SplitConfig split_config;
    split_config.fractions = config.split;
    split_config.seed = config.seed;
    data::assign_speaker_splits(manifest, split_config);
    summary.split_table = data::split_summary(manifest);
    data::write_manifest(tmp / "manifest.csv", manifest);
  });
  summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  summary.utterances_per_second =
      summary.wall_seconds > 0 ? summary.utterances / summary.wall_seconds : 0.0;
  return summary;
}

}  // namespace emoforget::synth
