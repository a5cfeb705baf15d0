// Manifest reading (validated, errors naming file, row and column) and writing
// (atomic, quoted where needed, so that parse(format(m)) == m).
#include "data/manifest.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "common/atomic_write.h"
#include "common/error.h"
#include "data/csv.h"

namespace emoforget::data {
namespace fs = std::filesystem;

namespace {

const char* const kSplitHint = "expected one of train, val, test or an empty field";

std::string in_quotes(const std::string& s) {
  return "'" + s + "'";
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i ? sep : "") + items[i];
  return out;
}

bool valid_split(const std::string& split) {
  return split.empty() || split == "train" || split == "val" || split == "test";
}

// "f"/"m" from f, m, female, male in any case; "?" for anything else.
std::string normalise_gender(const std::string& value) {
  std::string lower = value;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.empty()) return "";
  if (lower == "f" || lower == "female") return "f";
  if (lower == "m" || lower == "male") return "m";
  return "?";
}

class RowErrors {
 public:
  RowErrors(const std::string& source, const std::vector<std::string>& header)
      : source_(source), header_(header) {}

  std::string column_name(size_t index) const {
    if (index < header_.size()) return in_quotes(header_[index]);
    std::string name = std::to_string(index + 1);
    if (!header_.empty()) name += " (after the last column " + in_quotes(header_.back()) + ")";
    return name;
  }

  [[noreturn]] void fail(size_t row, size_t line, const std::string& column,
                         const std::string& message) const {
    std::string where = source_ + ": row " + std::to_string(row);
    if (line != row && line != 0) where += " (line " + std::to_string(line) + ")";
    if (!column.empty()) where += ", column " + column;
    throw Error(where + ": " + message);
  }

 private:
  std::string source_;
  const std::vector<std::string>& header_;
};

}  // namespace

bool Utterance::operator==(const Utterance& other) const {
  return utt_id == other.utt_id && path == other.path && speaker == other.speaker &&
         emotion == other.emotion && split == other.split && gender == other.gender &&
         extra == other.extra;
}

bool Manifest::operator==(const Manifest& other) const {
  return extra_columns == other.extra_columns && utterances == other.utterances;
}

fs::path Manifest::resolve(const Utterance& u) const {
  const fs::path p(u.path);
  if (p.is_absolute() || root.empty()) return p;
  return root / p;
}

std::vector<const Utterance*> Manifest::in_split(const std::string& split) const {
  std::vector<const Utterance*> out;
  for (const Utterance& u : utterances) {
    if (u.split == split) out.push_back(&u);
  }
  return out;
}

std::vector<std::string> Manifest::emotions() const {
  std::set<std::string> names;
  for (const Utterance& u : utterances) {
    names.insert(u.emotion);
  }
  return {names.begin(), names.end()};
}

std::vector<std::string> Manifest::speakers() const {
  std::set<std::string> names;
  for (const Utterance& u : utterances) {
    names.insert(u.speaker);
  }
  return {names.begin(), names.end()};
}

const std::vector<std::string>& manifest_columns() {
  static const std::vector<std::string> columns = {"path",  "speaker", "emotion",
                                                   "split", "gender",  "utt_id"};
  return columns;
}

Manifest parse_manifest(const std::string& text, const std::string& source, const fs::path& root) {
  CsvReader reader(text);
  std::vector<std::string> header;
  RowErrors errors(source, header);
  CsvRecord record;

  try {
    if (!reader.next(record)) {
      throw Error(source + ": empty manifest; expected a header row naming the columns " +
                  "path,speaker,emotion");
    }
  } catch (const CsvSyntaxError& e) {
    errors.fail(e.row, e.line, std::to_string(e.field + 1), e.what());
  }
  header = record.fields;
  const size_t header_row = record.row;

  std::map<std::string, size_t> index;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i].empty()) {
      errors.fail(header_row, record.line, std::to_string(i + 1),
                  "empty column name in the header");
    }
    const auto [it, inserted] = index.emplace(header[i], i);
    if (!inserted) {
      errors.fail(header_row, record.line, errors.column_name(i),
                  "duplicate column name (also column " + std::to_string(it->second + 1) + ")");
    }
  }
  for (const char* required : {"path", "speaker", "emotion"}) {
    if (!index.count(required)) {
      errors.fail(header_row, record.line, in_quotes(required),
                  "missing required column " + in_quotes(required) +
                      " (the header has: " + join(header, ",") + ")");
    }
  }

  Manifest manifest;
  manifest.root = root;
  const auto& known = manifest_columns();
  for (const std::string& name : header) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      manifest.extra_columns.push_back(name);
    }
  }
  auto column = [&](const char* name) {
    const auto it = index.find(name);
    return it == index.end() ? header.size() : it->second;
  };
  const size_t c_path = column("path"), c_speaker = column("speaker"),
               c_emotion = column("emotion"), c_split = column("split"),
               c_gender = column("gender"), c_utt = column("utt_id");

  std::map<std::string, size_t> first_row;  // utt_id -> row
  while (true) {
    try {
      if (!reader.next(record)) break;
    } catch (const CsvSyntaxError& e) {
      errors.fail(e.row, e.line, errors.column_name(e.field), e.what());
    }
    const auto& f = record.fields;
    auto fail = [&](size_t col, const std::string& message) {
      errors.fail(record.row, record.line, errors.column_name(col), message);
    };
    if (f.size() < header.size()) {
      fail(f.size(), "the row has " + std::to_string(f.size()) + " fields but the header has " +
                         std::to_string(header.size()) + " columns");
    }
    if (f.size() > header.size()) {
      fail(header.size(), "the row has " + std::to_string(f.size()) +
                              " fields but the header has " + std::to_string(header.size()) +
                              " columns (quote fields that hold commas)");
    }
    Utterance u;
    u.path = f[c_path];
    u.speaker = f[c_speaker];
    u.emotion = f[c_emotion];
    if (u.path.empty()) fail(c_path, "empty path");
    if (u.speaker.empty()) fail(c_speaker, "empty speaker");
    if (u.emotion.empty()) fail(c_emotion, "empty emotion");
    if (c_split < header.size()) {
      u.split = f[c_split];
      if (!valid_split(u.split)) {
        fail(c_split, "unknown split " + in_quotes(u.split) + "; " + kSplitHint);
      }
    }
    if (c_gender < header.size()) {
      u.gender = normalise_gender(f[c_gender]);
      if (u.gender == "?") {
        fail(c_gender, "unknown gender " + in_quotes(f[c_gender]) +
                           "; expected f, m, female, male or an empty field");
      }
    }
    u.utt_id = c_utt < header.size() && !f[c_utt].empty() ? f[c_utt] : u.path;
    for (const std::string& name : manifest.extra_columns)
      u.extra[name] = f[index.at(name)];

    const auto [it, inserted] = first_row.emplace(u.utt_id, record.row);
    if (!inserted) {
      fail(c_utt < header.size() ? c_utt : c_path, "duplicate utt_id " + in_quotes(u.utt_id) +
                                                       " (rows " + std::to_string(it->second) +
                                                       " and " + std::to_string(record.row) + ")");
    }
    manifest.utterances.push_back(std::move(u));
  }
  return manifest;
}

Manifest read_manifest(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error("cannot read manifest " + path.string() + ": " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_manifest(buffer.str(), path.string(), fs::absolute(path).parent_path());
}

std::string format_manifest(const Manifest& manifest) {
  const auto& known = manifest_columns();
  std::set<std::string> names(known.begin(), known.end());
  for (const std::string& name : manifest.extra_columns) {
    if (name.empty()) throw Error("manifest extra column with an empty name");
    if (!names.insert(name).second) {
      throw Error("manifest extra column " + in_quotes(name) +
                  " repeats a column name (known columns: " + join(known, ",") + ")");
    }
  }
  std::string text = csv_line([&] {
    std::vector<std::string> header = known;
    header.insert(header.end(), manifest.extra_columns.begin(), manifest.extra_columns.end());
    return header;
  }());

  std::map<std::string, size_t> first_row;
  for (size_t i = 0; i < manifest.utterances.size(); ++i) {
    const Utterance& u = manifest.utterances[i];
    const size_t row = i + 2;
    auto fail = [&](const std::string& column, const std::string& message) {
      throw Error("manifest row " + std::to_string(row) + " (utt_id " + in_quotes(u.utt_id) +
                  "), column " + in_quotes(column) + ": " + message);
    };
    if (u.path.empty()) fail("path", "empty path");
    if (u.speaker.empty()) fail("speaker", "empty speaker");
    if (u.emotion.empty()) fail("emotion", "empty emotion");
    if (!valid_split(u.split))
      fail("split", "unknown split " + in_quotes(u.split) + "; " + kSplitHint);
    if (!(u.gender.empty() || u.gender == "f" || u.gender == "m")) {
      fail("gender", "unknown gender " + in_quotes(u.gender) + "; expected f, m or empty");
    }
    const std::string id = u.utt_id.empty() ? u.path : u.utt_id;
    const auto [it, inserted] = first_row.emplace(id, row);
    if (!inserted) {
      fail("utt_id", "duplicate utt_id " + in_quotes(id) + " (rows " + std::to_string(it->second) +
                         " and " + std::to_string(row) + ")");
    }
    for (const auto& [name, value] : u.extra) {
      if (std::find(manifest.extra_columns.begin(), manifest.extra_columns.end(), name) ==
          manifest.extra_columns.end()) {
        fail(name, "value for a column missing from extra_columns (" +
                       join(manifest.extra_columns, ",") + ")");
      }
    }
    std::vector<std::string> fields = {u.path, u.speaker, u.emotion, u.split, u.gender, u.utt_id};
    for (const std::string& name : manifest.extra_columns) {
      const auto it_value = u.extra.find(name);
      fields.push_back(it_value == u.extra.end() ? "" : it_value->second);
    }
    text += csv_line(fields);
  }
  return text;
}

void write_manifest(const fs::path& path, const Manifest& manifest) {
  std::string text;
  try {
    text = format_manifest(manifest);
  } catch (const Error& e) {
    throw Error("cannot write " + path.string() + ": " + e.what());
  }
  write_file_atomic(path, text);
}

}  // namespace emoforget::data
