// `emoforget synth` end to end: a small corpus with its JSON summary, a
// byte-identical second run, and bad flags that fail with one error line and
// leave nothing behind.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace emoforget {
namespace {
using testing::list_files;
using testing::read_text;
using testing::run_cli;
using testing::TempDir;
using testing::write_text;

std::vector<std::string> synth_args(const std::string& out, const std::string& speakers = "4",
                                    const std::string& per_class = "1") {
  return {"--quiet", "synth",       "--out",   out,      "--speakers",
          speakers,  "--per-class", per_class, "--seed", "3"};
}

TEST(SynthCli, WritesCorpusAndRepeatsByteForByte) {
  TempDir dir;
  const testing::CliResult first = run_cli(synth_args((dir / "a").string()));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const nlohmann::json report = nlohmann::json::parse(first.out);
  EXPECT_EQ(report["utterances"], 4 * 7);
  EXPECT_EQ(report["speakers"], 4);
  EXPECT_EQ(report["female_speakers"], 1);  // round(4 * 23 / 68)
  EXPECT_GT(report["utterances_per_second"].get<double>(), 0.0);

  const testing::CliResult second = run_cli(synth_args((dir / "b").string()));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::vector<std::string> files = list_files(dir / "a");
  EXPECT_EQ(files.size(), 4u * 7u + 1u);
  ASSERT_EQ(files, list_files(dir / "b"));
  for (const std::string& f : files)
    EXPECT_TRUE(read_text(dir / "a" / f) == read_text(dir / "b" / f)) << f << " differs";
}

void expect_clean_failure(const std::vector<std::string>& args, const TempDir& dir,
                          const std::string& message_part,
                          const std::vector<std::string>& files_before) {
  const testing::CliResult r = run_cli(args);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(message_part), std::string::npos) << r.err;
  EXPECT_EQ(list_files(dir.path()), files_before);
}

TEST(SynthCli, BadFlagsFailCleanly) {
  TempDir dir;
  write_text(dir / "empty.txt", "");
  write_text(dir / "full" / "x.txt", "x");
  const std::vector<std::string> before = list_files(dir.path());
  const std::string out = (dir / "out").string();
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = synth_args(out);
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  expect_clean_failure(synth_args(out, "2"), dir, "--speakers 2", before);
  expect_clean_failure(synth_args(out, "100000"), dir, "--speakers 100000", before);
  expect_clean_failure(synth_args(out, "4", "0"), dir, "--per-class 0", before);
  expect_clean_failure(with({"--sentences", (dir / "missing.txt").string()}), dir, "missing.txt",
                       before);
  expect_clean_failure(with({"--sentences", (dir / "empty.txt").string()}), dir, "no sentence",
                       before);
  expect_clean_failure(with({"--split", "0.5,0.6,0.1"}), dir, "", before);
  std::vector<std::string> full = synth_args((dir / "full").string());
  expect_clean_failure(full, dir, "--overwrite", before);
}

}  // namespace
}  // namespace emoforget
