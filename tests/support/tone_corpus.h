// A tiny labelled corpus for training tests: each class is a harmonic tone with
// its own pitch, each speaker shifts it slightly, noise makes utterances differ.
// Written as 16 kHz WAVs plus a manifest with speaker-independent splits.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace emoforget::testing {

struct ToneCorpusSpec {
  int classes = 3;
  int speakers_per_split = 2;  // train, val and test each get their own speakers
  int per_speaker_class = 2;   // utterances per speaker and class
  double seconds = 0.5;
  unsigned seed = 1;
  // Speakers alternate f and m (the gender column); female voices carry an extra
  // 2.6 kHz partial, a cue apart from the emotions' pitches.
  bool genders = false;
};

// Writes `dir`/wav/*.wav and `dir`/manifest.csv; returns the manifest path.
std::filesystem::path write_tone_corpus(const std::filesystem::path& dir,
                                        const ToneCorpusSpec& spec = {});

// Label names the corpus uses, in class order ("c0", "c1", ...).
std::vector<std::string> tone_labels(int classes);

}  // namespace emoforget::testing
