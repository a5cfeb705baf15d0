// The corpus registry and scan_corpus(): walk a corpus folder, parse each .wav
// name with the corpus's parser, and build the manifest.
#include "corpora/corpus.h"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "common/error.h"

namespace emoforget::corpora {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i ? ", " : "") + items[i];
  return out;
}

// The first file named `name` (any case) under `root`, in sorted path order.
std::optional<fs::path> find_file(const fs::path& root, const std::string& name) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && lower(it->path().filename().string()) == lower(name)) {
      found.push_back(it->path());
    }
  }
  if (found.empty()) return std::nullopt;
  return *std::min_element(found.begin(), found.end());
}

// Every .wav file under `root` (any case of the extension), sorted by relative path.
std::vector<fs::path> wav_files(const fs::path& root) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw Error("cannot read corpus folder " + root.string() + ": " + ec.message());
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) throw Error("cannot read corpus folder " + root.string() + ": " + ec.message());
    if (it->is_regular_file() && lower(it->path().extension().string()) == ".wav") {
      files.push_back(it->path().lexically_relative(root));
    }
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.generic_string() < b.generic_string();
  });
  return files;
}

}  // namespace

const std::vector<std::string>& corpus_names() {
  static const std::vector<std::string> names = {"demos", "emodb", "ravdess", "cremad"};
  return names;
}

std::unique_ptr<Corpus> open_corpus(const std::string& name, const fs::path& root) {
  if (name == "demos") return make_demos_corpus();
  if (name == "emodb") return make_emodb_corpus();
  if (name == "ravdess") return make_ravdess_corpus();
  if (name == "cremad") return make_cremad_corpus(find_file(root, "VideoDemographics.csv"));
  throw Error("unknown corpus '" + name + "'; expected one of: " + join(corpus_names()));
}

CorpusScan scan_corpus(const std::string& corpus_name, const fs::path& root,
                       const ScanOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    throw Error("corpus root " + root.string() + " is not a folder" +
                (fs::exists(root, ec) ? "" : " (it does not exist)"));
  }
  const std::unique_ptr<Corpus> corpus = open_corpus(corpus_name, root);
  const std::vector<std::string> labels = corpus->labels();
  for (const std::string& label : options.exclude) {
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
      throw Error("cannot exclude '" + label + "': the " + corpus_name +
                  " corpus has no such label; its labels are: " + join(labels));
    }
  }

  const fs::path base =
      fs::absolute(options.manifest_dir.empty() ? fs::path(".") : options.manifest_dir)
          .lexically_normal();
  const fs::path abs_root = fs::absolute(root).lexically_normal();
  CorpusScan scan;
  scan.manifest.root = base;
  size_t wav_count = 0;
  for (const fs::path& rel : wav_files(root)) {
    ++wav_count;
    const std::optional<CorpusRecord> record = corpus->parse(rel.filename().string());
    if (!record) {
      scan.unmatched.push_back(rel.generic_string());
      continue;
    }
    if (std::find(options.exclude.begin(), options.exclude.end(), record->emotion) !=
        options.exclude.end()) {
      ++scan.excluded;
      continue;
    }
    const fs::path file = abs_root / rel;
    fs::path path = file.lexically_relative(base);
    if (path.empty()) path = file;
    data::Utterance u;
    u.utt_id = (rel.parent_path() / rel.stem()).generic_string();
    u.path = path.generic_string();
    u.speaker = record->speaker;
    u.emotion = record->emotion;
    u.gender = record->gender;
    scan.manifest.utterances.push_back(std::move(u));
  }

  if (scan.manifest.utterances.empty()) {
    std::string message = "no " + corpus_name + " utterances under " + root.string() + ": ";
    if (wav_count == 0) {
      message += "it holds no .wav files";
    } else if (scan.unmatched.size() == wav_count) {
      message += describe_unmatched(scan, corpus_name, root) + " (is this the right --corpus?)";
    } else {
      message += "every matching file has an excluded label (" + join(options.exclude) + ")";
    }
    throw Error(message);
  }
  return scan;
}

std::string describe_unmatched(const CorpusScan& scan, const std::string& corpus,
                               const fs::path& root) {
  if (scan.unmatched.empty()) return "";
  std::string text = std::to_string(scan.unmatched.size()) + " .wav file(s) under " +
                     root.string() + " do not follow the " + corpus +
                     " naming scheme and were left out: ";
  const size_t shown = std::min<size_t>(scan.unmatched.size(), 5);
  for (size_t i = 0; i < shown; ++i)
    text += (i ? ", " : "") + scan.unmatched[i];
  if (shown < scan.unmatched.size()) text += ", ...";
  return text;
}

}  // namespace emoforget::corpora
