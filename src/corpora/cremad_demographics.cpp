// Reading CREMA-D's VideoDemographics.csv (see cremad_demographics.h).
#include "corpora/cremad_demographics.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "data/csv.h"

namespace emoforget::corpora {

std::map<std::string, std::string> parse_cremad_demographics(const std::string& text,
                                                             const std::string& source) {
  try {
    data::CsvReader reader(text);
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

std::map<std::string, std::string> read_cremad_demographics(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_cremad_demographics(buffer.str(), path.string());
}

}  // namespace emoforget::corpora
