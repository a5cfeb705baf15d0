// CREMA-D: names like "1001_DFA_ANG_XX.wav": actor (4 digits), sentence (3
// capitals), emotion code, intensity (LO, MD, HI or XX). Genders are not in the
// names; they come from VideoDemographics.csv (ActorID,Age,Sex,...) when the
// corpus folder holds it, and stay empty otherwise or for actors it lacks.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "common/error.h"
#include "corpora/corpus.h"
#include "corpora/name_fields.h"
#include "data/csv.h"

namespace emoforget::corpora {
namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string>& emotion_codes() {
  static const std::map<std::string, std::string> codes = {{"ANG", "anger"},   {"DIS", "disgust"},
                                                           {"FEA", "fear"},    {"HAP", "happy"},
                                                           {"NEU", "neutral"}, {"SAD", "sad"}};
  return codes;
}

// ActorID -> "f"/"m" from VideoDemographics.csv.
std::map<std::string, std::string> read_demographics(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string source = path.string();
  try {
    data::CsvReader reader(buffer.str());
    data::CsvRecord header;
    if (!reader.next(header)) throw Error("empty file; expected a header ActorID,Age,Sex,...");
    const auto& names = header.fields;
    const size_t actor_col = std::find(names.begin(), names.end(), "ActorID") - names.begin();
    const size_t sex_col = std::find(names.begin(), names.end(), "Sex") - names.begin();
    if (actor_col == names.size() || sex_col == names.size()) {
      throw Error("row " + std::to_string(header.row) +
                  ": the header needs columns ActorID and Sex");
    }
    std::map<std::string, std::string> genders;
    data::CsvRecord record;
    while (reader.next(record)) {
      const std::string where = "row " + std::to_string(record.row) + ", column ";
      if (record.fields.size() <= std::max(actor_col, sex_col)) {
        throw Error(where + std::to_string(record.fields.size() + 1) + ": the row has " +
                    std::to_string(record.fields.size()) + " fields, fewer than the header");
      }
      const std::string& sex = record.fields[sex_col];
      if (sex != "Male" && sex != "Female") {
        throw Error(where + "'Sex': unknown value '" + sex + "'; expected Male or Female");
      }
      genders[record.fields[actor_col]] = sex == "Male" ? "m" : "f";
    }
    return genders;
  } catch (const data::CsvSyntaxError& e) {
    throw Error(source + ": row " + std::to_string(e.row) + ", column " +
                std::to_string(e.field + 1) + ": " + e.what());
  } catch (const Error& e) {
    throw Error(source + ": " + e.what());
  }
}

class CremadCorpus : public Corpus {
 public:
  explicit CremadCorpus(std::map<std::string, std::string> genders)
      : genders_(std::move(genders)) {}

  std::string name() const override { return "cremad"; }

  std::vector<std::string> labels() const override { return sorted_labels(emotion_codes()); }

  std::optional<CorpusRecord> parse(const std::string& file_name) const override {
    const std::optional<std::string> stem = wav_stem(file_name);
    if (!stem) return std::nullopt;
    const std::vector<std::string> f = split_fields(*stem, '_');
    if (f.size() != 4 || f[0].size() != 4 || !all_digits(f[0]) || f[1].size() != 3) {
      return std::nullopt;
    }
    for (const char c : f[1]) {
      if (!std::isupper(static_cast<unsigned char>(c))) return std::nullopt;
    }
    if (f[3] != "LO" && f[3] != "MD" && f[3] != "HI" && f[3] != "XX") return std::nullopt;
    const auto code = emotion_codes().find(f[2]);
    if (code == emotion_codes().end()) return std::nullopt;
    const auto gender = genders_.find(f[0]);
    return CorpusRecord{f[0], code->second, gender == genders_.end() ? "" : gender->second};
  }

 private:
  std::map<std::string, std::string> genders_;
};

}  // namespace

std::unique_ptr<Corpus> make_cremad_corpus(const std::optional<fs::path>& demographics) {
  return std::make_unique<CremadCorpus>(demographics ? read_demographics(*demographics)
                                                     : std::map<std::string, std::string>{});
}

}  // namespace emoforget::corpora
