// `emoforget prepare` end to end: manifest written, split summary, and failing
// runs that leave no output behind and keep an existing one untouched.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "data/manifest.h"
#include "support/test_support.h"

namespace emoforget {
namespace {
using testing::read_text;
using testing::run_cli;
using testing::TempDir;
using testing::write_text;

// A RAVDESS-style tree: 6 actors x 4 emotions x 2 takes, plus a stray file.
void make_ravdess(const TempDir& dir) {
  for (int actor = 1; actor <= 6; ++actor) {
    char folder[32];
    std::snprintf(folder, sizeof(folder), "ravdess/Actor_%02d/", actor);
    for (int emotion : {1, 3, 4, 5}) {
      for (int take = 1; take <= 2; ++take) {
        char name[64];
        std::snprintf(name, sizeof(name), "03-01-%02d-01-01-%02d-%02d.wav", emotion, take, actor);
        write_text(dir / (std::string(folder) + name), "");
      }
    }
  }
  write_text(dir / "ravdess/Actor_01/backup.wav", "");
}

TEST(PrepareCli, WritesManifestWithSplit) {
  TempDir dir;
  make_ravdess(dir);
  const auto r = run_cli({"prepare", "--corpus", "ravdess", "--root", (dir / "ravdess").string(),
                          "--out", (dir / "out/manifest.csv").string(), "--exclude", "neutral",
                          "--split", "0.34,0.33,0.33", "--seed", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const data::Manifest m = data::read_manifest(dir / "out/manifest.csv");
  ASSERT_EQ(m.utterances.size(), 6u * 3u * 2u);
  EXPECT_EQ(m.utterances[0].path, "../ravdess/Actor_01/03-01-03-01-01-01-01.wav");
  for (const auto& u : m.utterances) {
    EXPECT_NE(u.emotion, "neutral");
    EXPECT_FALSE(u.split.empty());
  }
  const auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["utterances"], 36);
  EXPECT_EQ(report["command"], "prepare");
  EXPECT_NE(r.err.find("backup.wav"), std::string::npos) << r.err;  // unmatched, reported
  EXPECT_NE(r.err.find("train"), std::string::npos) << r.err;       // summary table

  // Same seed, same manifest.
  const auto again = run_cli({"prepare", "--corpus", "ravdess", "--root",
                              (dir / "ravdess").string(), "--out", (dir / "out/again.csv").string(),
                              "--exclude", "neutral", "--split", "0.34,0.33,0.33", "--seed", "5"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(read_text(dir / "out/again.csv"), read_text(dir / "out/manifest.csv"));
}

TEST(PrepareCli, WithoutSplitLeavesSplitEmpty) {
  TempDir dir;
  make_ravdess(dir);
  const auto r =
      run_cli({"prepare", "--corpus", "ravdess", "--root", (dir / "ravdess").string(), "--out",
               (dir / "m.csv").string(), "--report", (dir / "report.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_text(dir / "report.json"), r.out);
  EXPECT_TRUE(nlohmann::json::parse(r.out)["splits"].is_null());
  const data::Manifest m = data::read_manifest(dir / "m.csv");
  EXPECT_EQ(m.utterances.size(), 48u);
  EXPECT_EQ(m.in_split("").size(), 48u);
  EXPECT_EQ(m.utterances[0].path, "ravdess/Actor_01/03-01-01-01-01-01-01.wav");
}

TEST(PrepareCli, BadArgumentsFailWithoutOutput) {
  TempDir dir;
  make_ravdess(dir);
  const std::string root = (dir / "ravdess").string();
  const std::string out = (dir / "out/m.csv").string();
  struct Case {
    std::vector<std::string> args;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {{"prepare", "--corpus", "iemocap", "--root", root, "--out", out}, "iemocap"},
      {{"prepare", "--corpus", "ravdess", "--out", out}, "--root"},
      {{"prepare", "--corpus", "ravdess", "--root", (dir / "nope").string(), "--out", out}, "nope"},
      {{"prepare", "--corpus", "ravdess", "--root", root, "--out", out, "--split", "0.5,0.6,0.1"},
       "sum"},
      {{"prepare", "--corpus", "ravdess", "--root", root, "--out", out, "--split", "0.5,0.5"},
       "0.5,0.5"},
      {{"prepare", "--corpus", "ravdess", "--root", root, "--out", out, "--exclude", "boredom"},
       "boredom"},
      {{"prepare", "--corpus", "emodb", "--root", root, "--out", out}, root},
  };
  for (const Case& c : cases) {
    const auto r = run_cli(c.args);
    EXPECT_NE(r.exit_code, 0) << c.mentions;
    EXPECT_NE(r.err.find(c.mentions), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out")) << c.mentions;
  }
}

TEST(PrepareCli, FailingRunKeepsExistingManifest) {
  TempDir dir;
  // Two actors cannot fill three splits: the run fails after scanning the tree.
  write_text(dir / "corpus/03-01-03-01-01-01-01.wav", "");
  write_text(dir / "corpus/03-01-04-01-01-01-02.wav", "");
  const std::string old = "path,speaker,emotion\nold.wav,s,x\n";
  write_text(dir / "m.csv", old);
  const auto r = run_cli({"prepare", "--corpus", "ravdess", "--root", (dir / "corpus").string(),
                          "--out", (dir / "m.csv").string(), "--split", "0.3,0.3,0.4"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("2 speaker(s)"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(dir / "m.csv"), old);
  EXPECT_EQ(testing::list_files(dir.path()),
            (std::vector<std::string>{"corpus/03-01-03-01-01-01-01.wav",
                                      "corpus/03-01-04-01-01-01-02.wav", "m.csv"}));
}

}  // namespace
}  // namespace emoforget
