#include "support/tone_corpus.h"

#include <cmath>

#include "audio/write_wav.h"
#include "common/rng.h"
#include "data/manifest.h"

namespace emoforget::testing {
namespace fs = std::filesystem;

std::vector<std::string> tone_labels(int classes) {
  std::vector<std::string> labels;
  for (int c = 0; c < classes; ++c)
    labels.push_back("c" + std::to_string(c));
  return labels;
}

fs::path write_tone_corpus(const fs::path& dir, const ToneCorpusSpec& spec) {
  const int rate = 16000;
  const int samples = static_cast<int>(spec.seconds * rate);
  Rng rng(spec.seed);
  data::Manifest manifest;
  manifest.root = dir;
  const char* splits[] = {"train", "val", "test"};
  int speaker_index = 0;
  for (const char* split : splits) {
    for (int s = 0; s < spec.speakers_per_split; ++s, ++speaker_index) {
      const std::string speaker = "spk" + std::to_string(speaker_index);
      const double speaker_shift = 1.0 + 0.04 * (speaker_index % 5 - 2);
      const bool female = spec.genders && speaker_index % 2 == 0;
      for (int c = 0; c < spec.classes; ++c) {
        for (int k = 0; k < spec.per_speaker_class; ++k) {
          const double f0 = (140.0 + 90.0 * c) * speaker_shift * (1.0 + 0.02 * rng.normal());
          std::vector<float> wave(samples);
          for (int i = 0; i < samples; ++i) {
            const double t = static_cast<double>(i) / rate;
            double x = 0.0;
            for (int h = 1; h <= 3; ++h)
              x += std::sin(2 * M_PI * f0 * h * t) / h;
            if (female) x += 0.6 * std::sin(2 * M_PI * 2600.0 * t);
            wave[i] = static_cast<float>(0.25 * x + 0.05 * rng.normal());
          }
          const std::string id = speaker + "_c" + std::to_string(c) + "_" + std::to_string(k);
          const std::string rel = "wav/" + id + ".wav";
          audio::write_wav(dir / rel, wave, rate);
          data::Utterance u;
          u.utt_id = id;
          u.path = rel;
          u.speaker = speaker;
          u.emotion = "c" + std::to_string(c);
          u.split = split;
          if (spec.genders) u.gender = female ? "f" : "m";
          manifest.utterances.push_back(u);
        }
      }
    }
  }
  const fs::path path = dir / "manifest.csv";
  data::write_manifest(path, manifest);
  return path;
}

}  // namespace emoforget::testing
