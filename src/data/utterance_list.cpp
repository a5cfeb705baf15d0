#include "data/utterance_list.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/error.h"
#include "data/csv.h"

namespace emoforget::data {
namespace fs = std::filesystem;

std::vector<const Utterance*> read_utterance_list(const fs::path& file, const Manifest& manifest) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot open the utterance list");
  std::stringstream buffer;
  buffer << in.rdbuf();

  std::map<std::string, const Utterance*> by_name;
  for (const auto& u : manifest.utterances) {
    by_name.emplace(u.utt_id, &u);
    by_name.emplace(u.path, &u);
    by_name.emplace(fs::weakly_canonical(manifest.resolve(u)).string(), &u);
  }
  auto lookup = [&](const std::string& name) -> const Utterance* {
    if (const auto it = by_name.find(name); it != by_name.end()) return it->second;
    const fs::path as_path =
        fs::path(name).is_absolute() ? fs::path(name) : file.parent_path() / name;
    if (const auto it = by_name.find(fs::weakly_canonical(as_path).string()); it != by_name.end()) {
      return it->second;
    }
    return nullptr;
  };

  CsvReader reader(buffer.str());
  CsvRecord record;
  int column = -1;  // -1: plain list, one name per line
  std::vector<const Utterance*> chosen;
  std::set<const Utterance*> seen;
  bool first = true;
  while (reader.next(record)) {
    if (first) {
      first = false;
      for (size_t i = 0; i < record.fields.size(); ++i) {
        if (record.fields[i] == "utt_id" && (column < 0 || record.fields[column] == "path")) {
          column = static_cast<int>(i);
        } else if (record.fields[i] == "path" && column < 0) {
          column = static_cast<int>(i);
        }
      }
      if (column >= 0) continue;  // a header row
      if (record.fields.size() > 1) {
        throw Error(file.string() + ": line " + std::to_string(record.line) +
                    ": a CSV utterance list needs a header with a utt_id or path column");
      }
    }
    const size_t index = column < 0 ? 0 : static_cast<size_t>(column);
    if (index >= record.fields.size() || record.fields[index].empty()) {
      throw Error(file.string() + ": line " + std::to_string(record.line) + ": empty entry");
    }
    const std::string& name = record.fields[index];
    const Utterance* u = lookup(name);
    if (u == nullptr) {
      throw Error(file.string() + ": line " + std::to_string(record.line) + ": '" + name +
                  "' is not an utterance of the manifest (no such utt_id or path)");
    }
    if (seen.insert(u).second) chosen.push_back(u);
  }
  if (chosen.empty()) throw Error(file.string() + ": the utterance list is empty");
  return chosen;
}

}  // namespace emoforget::data
