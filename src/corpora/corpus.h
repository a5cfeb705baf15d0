// Emotional speech corpora as they ship: one small parser per corpus (file name
// -> speaker, label, gender) behind the Corpus interface, and scan_corpus(),
// which walks a corpus folder and builds a manifest from the names.
//
// Label vocabularies (lower-case English; each corpus keeps its own words):
//   demos   anger disgust fear guilt happiness neutral sadness surprise
//   emodb   anger boredom disgust fear happiness neutral sadness
//   ravdess angry calm disgust fearful happy neutral sad surprised
//   cremad  anger disgust fear happy neutral sad
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/manifest.h"

namespace emoforget::corpora {

// What a file name says about its utterance.
struct CorpusRecord {
  std::string speaker;
  std::string emotion;  // a word of the corpus's labels()
  std::string gender;   // "f", "m" or "" when the corpus does not say
};

class Corpus {
 public:
  virtual ~Corpus() = default;
  virtual std::string name() const = 0;
  // Every label parse() can return, sorted.
  virtual std::vector<std::string> labels() const = 0;
  // Parses a file name such as "03a01Fa.wav"; nullopt when it does not follow
  // the corpus's naming scheme.
  virtual std::optional<CorpusRecord> parse(const std::string& file_name) const = 0;
};

// The corpora by name: demos, emodb, ravdess, cremad.
const std::vector<std::string>& corpus_names();

// The corpus called `name`; `root` is its folder, for corpora that keep metadata
// beside the audio (CREMA-D's VideoDemographics.csv). Throws on an unknown name.
std::unique_ptr<Corpus> open_corpus(const std::string& name, const std::filesystem::path& root);

std::unique_ptr<Corpus> make_demos_corpus();
std::unique_ptr<Corpus> make_emodb_corpus();
std::unique_ptr<Corpus> make_ravdess_corpus();
// Genders come from `demographics` (CREMA-D's VideoDemographics.csv) when given.
std::unique_ptr<Corpus> make_cremad_corpus(
    const std::optional<std::filesystem::path>& demographics);

struct ScanOptions {
  std::vector<std::string> exclude;  // labels left out of the manifest
  // Folder the manifest will be written to; paths are made relative to it
  // (empty: relative to the current folder).
  std::filesystem::path manifest_dir;
};

struct CorpusScan {
  data::Manifest manifest;             // root = manifest_dir, split column empty
  std::vector<std::string> unmatched;  // .wav files not named as the corpus names them
  size_t excluded = 0;                 // matching files with an excluded label
};

// Walks `root` recursively for .wav files (any case), in sorted path order, and
// parses each name. utt_id is the path relative to `root` without extension.
// Throws when `root` is not a folder, when an excluded label is not one of the
// corpus's labels, and when no file matches (naming the root).
CorpusScan scan_corpus(const std::string& corpus, const std::filesystem::path& root,
                       const ScanOptions& options);

// "N file(s) under ROOT do not follow the NAME naming scheme and were left out: a, b, ..."
// (the first five names), or "" when every file matched.
std::string describe_unmatched(const CorpusScan& scan, const std::string& corpus,
                               const std::filesystem::path& root);

}  // namespace emoforget::corpora
