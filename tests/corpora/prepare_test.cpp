// prepare_manifest(): the library side of `emoforget prepare`.
#include "corpora/prepare.h"

#include <gtest/gtest.h>

#include <sstream>

#include "common/error.h"
#include "data/manifest.h"
#include "support/test_support.h"

namespace emoforget::corpora {
namespace {
using testing::TempDir;
using testing::write_text;

// EmoDB-style tree: 6 speakers x 3 emotions x 2 takes, plus one stray name.
void make_emodb(const TempDir& dir) {
  for (const char* speaker : {"03", "08", "09", "10", "11", "12"}) {
    for (const char emotion : {'W', 'N', 'T'}) {
      for (const char take : {'a', 'b'}) {
        write_text(dir / (std::string("emodb/wav/") + speaker + "a01" + emotion + take + ".wav"),
                   "");
      }
    }
  }
  write_text(dir / "emodb/wav/silence.wav", "");
}

TEST(Prepare, WritesManifestAndReports) {
  TempDir dir;
  make_emodb(dir);
  PrepareConfig config;
  config.corpus = "emodb";
  config.root = dir / "emodb";
  config.out = dir / "emodb/manifest.csv";
  config.exclude = {"neutral"};
  config.split = data::SplitConfig{};
  config.split->seed = 11;
  std::ostringstream log;
  const nlohmann::json report = prepare_manifest(config, log);

  const data::Manifest m = data::read_manifest(config.out);
  ASSERT_EQ(m.utterances.size(), 6u * 2u * 2u);
  EXPECT_EQ(m.utterances[0].path, "wav/03a01Ta.wav");
  EXPECT_EQ(m.utterances[0].utt_id, "wav/03a01Ta");
  EXPECT_EQ(m.utterances[0].gender, "m");
  EXPECT_EQ(report["utterances"], 24);
  EXPECT_EQ(report["speakers"], 6);
  EXPECT_EQ(report["excluded_files"], 12);
  EXPECT_EQ(report["unmatched_files"], 1);
  EXPECT_EQ(report["seed"], 11);
  EXPECT_EQ(report["config"]["exclude"], nlohmann::json({"neutral"}));
  size_t in_splits = 0;
  for (const std::string& name : data::kSplitNames) {
    const size_t n = report["splits"][name]["utterances"];
    EXPECT_EQ(n, m.in_split(name).size());
    EXPECT_GE(report["splits"][name]["speakers"].get<size_t>(), 1u);
    in_splits += n;
  }
  EXPECT_EQ(in_splits, 24u);
  EXPECT_TRUE(report.contains("timings"));
  EXPECT_NE(log.str().find("silence.wav"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("left out 12"), std::string::npos) << log.str();
}

TEST(Prepare, ValidateNamesTheField) {
  PrepareConfig config;
  config.corpus = "savee";
  config.root = "x";
  config.out = "y.csv";
  try {
    config.validate();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("corpus"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("savee"), std::string::npos);
  }
  config.corpus = "emodb";
  config.split = data::SplitConfig{};
  config.split->fractions = {0.5, 0.5, 0.5};
  EXPECT_THROW(config.validate(), Error);
  config.split.reset();
  config.out.clear();
  EXPECT_THROW(config.validate(), Error);
}

TEST(Prepare, FailureWritesNothing) {
  TempDir dir;
  make_emodb(dir);
  PrepareConfig config;
  config.corpus = "cremad";  // wrong scheme for the tree
  config.root = dir / "emodb";
  config.out = dir / "out/manifest.csv";
  std::ostringstream log;
  EXPECT_THROW(prepare_manifest(config, log), Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

}  // namespace
}  // namespace emoforget::corpora
