// RAVDESS: names like "03-01-06-01-02-01-12.wav": modality, vocal channel,
// emotion, intensity, statement, repetition, actor (two digits each). The labels
// are the corpus's own words; odd actors are male, even ones female.
#include <algorithm>

#include "corpora/corpus.h"
#include "corpora/name_fields.h"

namespace emoforget::corpora {

namespace {

// Emotion codes 01..08.
const std::vector<std::string>& emotion_words() {
  static const std::vector<std::string> words = {"neutral", "calm",    "happy",   "sad",
                                                 "angry",   "fearful", "disgust", "surprised"};
  return words;
}

class RavdessCorpus : public Corpus {
 public:
  std::string name() const override { return "ravdess"; }

  std::vector<std::string> labels() const override {
    std::vector<std::string> out = emotion_words();
    std::sort(out.begin(), out.end());
    return out;
  }

  std::optional<CorpusRecord> parse(const std::string& file_name) const override {
    const std::optional<std::string> stem = wav_stem(file_name);
    if (!stem) return std::nullopt;
    const std::vector<std::string> fields = split_fields(*stem, '-');
    if (fields.size() != 7) return std::nullopt;
    std::vector<int> code;
    for (const std::string& field : fields) {
      if (field.size() != 2 || !all_digits(field)) return std::nullopt;
      code.push_back(std::stoi(field));
    }
    // Highest valid value of each field; every field starts at 01.
    const int kMax[7] = {3, 2, 8, 2, 2, 2, 24};
    for (size_t i = 0; i < 7; ++i) {
      if (code[i] < 1 || code[i] > kMax[i]) return std::nullopt;
    }
    return CorpusRecord{fields[6], emotion_words()[code[2] - 1], code[6] % 2 ? "m" : "f"};
  }
};

}  // namespace

std::unique_ptr<Corpus> make_ravdess_corpus() {
  return std::make_unique<RavdessCorpus>();
}

}  // namespace emoforget::corpora
