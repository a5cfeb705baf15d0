#include "train/labeled_audio.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/error.h"
#include "common/interrupt.h"
#include "common/progress.h"

namespace emoforget::train {

uint64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  uint64_t value = 0;
  std::string unit;
  while (meminfo >> key >> value >> unit) {
    if (key == "MemAvailable:") return value * 1024;
  }
  return 0;
}

std::vector<int64_t> label_ids(const data::Manifest& manifest,
                               const std::vector<const data::Utterance*>& utterances,
                               const std::vector<std::string>& labels) {
  std::vector<int64_t> ids;
  ids.reserve(utterances.size());
  for (const data::Utterance* u : utterances) {
    const auto it = std::find(labels.begin(), labels.end(), u->emotion);
    if (it == labels.end()) {
      const auto row = (u - manifest.utterances.data()) + 2;  // header is row 1
      std::ostringstream known;
      for (size_t i = 0; i < labels.size(); ++i)
        known << (i ? ", " : "") << labels[i];
      throw Error("manifest row " + std::to_string(row) + " (utt_id '" + u->utt_id +
                  "'): emotion '" + u->emotion + "' is not a label of the model (" + known.str() +
                  ")");
    }
    ids.push_back(it - labels.begin());
  }
  return ids;
}

LabeledAudio load_labeled_audio(const data::Manifest& manifest,
                                const std::vector<const data::Utterance*>& utterances,
                                const std::vector<std::string>& labels,
                                const audio::AudioConfig& audio, int threads) {
  audio.validate();
  if (audio.max_samples() == 0) {
    throw Error("audio: max_seconds must be > 0 to batch utterances (got " +
                std::to_string(audio.max_seconds) + ")");
  }
  if (utterances.empty()) throw Error("no utterances to load");
  const std::vector<int64_t> ids = label_ids(manifest, utterances, labels);

  const int64_t n = static_cast<int64_t>(utterances.size());
  const int64_t length = static_cast<int64_t>(audio.max_samples());
  const uint64_t needed = static_cast<uint64_t>(n) * length * sizeof(float);
  const uint64_t available = available_memory_bytes();
  if (available > 0 && needed > available * 8 / 10) {
    throw Error("the " + std::to_string(n) + " utterances need " + std::to_string(needed >> 20) +
                " MiB in memory at " + std::to_string(audio.max_seconds) + " s each, but only " +
                std::to_string(available >> 20) +
                " MiB are available; lower --max-seconds or use fewer utterances");
  }

  LabeledAudio set;
  set.waves = torch::zeros({n, length}, torch::kFloat32);
  set.labels = torch::tensor(ids, torch::kInt64);
  set.lengths = torch::zeros({n}, torch::kInt64);
  int64_t* lengths = set.lengths.data_ptr<int64_t>();
  audio::AudioConfig unpadded = audio;
  unpadded.pad = false;  // the tensor is zero-filled already; keep the true length
  for (const data::Utterance* u : utterances)
    set.utt_ids.push_back(u->utt_id);

  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<int64_t>(threads, n));
  std::atomic<int64_t> next{0};
  std::mutex error_mutex;
  int64_t first_error_index = n;
  std::exception_ptr first_error;
  Progress progress("decode", n, "files");
  std::mutex progress_mutex;
  float* out = set.waves.data_ptr<float>();

  auto worker = [&] {
    for (int64_t i = next++; i < n; i = next++) {
      try {
        throw_if_interrupted("decoding");
        const audio::Waveform wave =
            audio::load_utterance(manifest.resolve(*utterances[i]), unpadded);
        const size_t count = std::min<size_t>(wave.samples.size(), length);
        std::memcpy(out + i * length, wave.samples.data(), count * sizeof(float));
        lengths[i] = static_cast<int64_t>(count);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (i < first_error_index) {  // report the earliest bad file, whatever the timing
          first_error_index = i;
          first_error = std::current_exception();
        }
      }
      std::lock_guard<std::mutex> lock(progress_mutex);
      progress.advance();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back(worker);
  for (auto& thread : pool)
    thread.join();
  progress.finish();
  if (first_error) std::rethrow_exception(first_error);
  return set;
}

}  // namespace emoforget::train
