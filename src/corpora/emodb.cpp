// Berlin EmoDB: names like "03a01Fa.wav": speaker (2 digits), text code (a/b and
// 2 digits), the German emotion letter, a version letter. Speakers 03, 09, 11,
// 13 and 15 are male, the others female.
#include <algorithm>
#include <map>
#include <set>

#include "corpora/corpus.h"
#include "corpora/name_fields.h"

namespace emoforget::corpora {

namespace {

const std::map<char, std::string>& emotion_letters() {
  static const std::map<char, std::string> letters = {
      {'W', "anger"},     {'L', "boredom"}, {'E', "disgust"}, {'A', "fear"},
      {'F', "happiness"}, {'T', "sadness"}, {'N', "neutral"}};
  return letters;
}

class EmodbCorpus : public Corpus {
 public:
  std::string name() const override { return "emodb"; }

  std::vector<std::string> labels() const override { return sorted_labels(emotion_letters()); }

  std::optional<CorpusRecord> parse(const std::string& file_name) const override {
    static const std::set<std::string> kMale = {"03", "09", "11", "13", "15"};
    const std::optional<std::string> stem = wav_stem(file_name);
    if (!stem || stem->size() != 7) return std::nullopt;
    const std::string& s = *stem;
    const std::string speaker = s.substr(0, 2);
    if (!all_digits(speaker) || (s[2] != 'a' && s[2] != 'b') || !all_digits(s.substr(3, 2)) ||
        !std::islower(static_cast<unsigned char>(s[6]))) {
      return std::nullopt;
    }
    const auto letter = emotion_letters().find(s[5]);
    if (letter == emotion_letters().end()) return std::nullopt;
    return CorpusRecord{speaker, letter->second, kMale.count(speaker) ? "m" : "f"};
  }
};

}  // namespace

std::unique_ptr<Corpus> make_emodb_corpus() {
  return std::make_unique<EmodbCorpus>();
}

}  // namespace emoforget::corpora
