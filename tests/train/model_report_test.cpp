// A model's own report decides the clip length commands score it at, unless given.
#include "train/model_report.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::train {
namespace {
using testing::TempDir;

TEST(ModelReport, ClipLengthIsGivenElseTheModelsElseTheDefault) {
  TempDir dir;
  RunOptions run = model_clip_run_options();
  EXPECT_EQ(run.max_seconds, 0.0) << "auto by default";
  EXPECT_NO_THROW(run.validate(model_clip_rules()));
  EXPECT_THROW(run.validate(), Error) << "plain rules need a length";

  EXPECT_EQ(resolved_clip_seconds(run, dir.path()).first, kDefaultClipSeconds);
  testing::write_text(dir / "report.json",
                      R"({"command": "finetune", "config": {"max_seconds": 1.5}})");
  const auto [seconds, choice] = resolved_clip_seconds(run, dir.path());
  EXPECT_EQ(seconds, 1.5);
  EXPECT_NE(choice.find("report.json"), std::string::npos) << choice;
  run.max_seconds = 2.0;
  EXPECT_EQ(resolved_clip_seconds(run, dir.path()), std::make_pair(2.0, std::string("given")));
}

TEST(ModelReport, AMalformedReportIsAnErrorNamingTheFile) {
  TempDir dir;
  testing::write_text(dir / "report.json", "{not json");
  try {
    resolved_clip_seconds(model_clip_run_options(), dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "report.json").string()), std::string::npos)
        << e.what();
  }
  testing::write_text(dir / "report.json", "[1, 2]");
  EXPECT_THROW(read_model_report(dir.path()), Error);
}

}  // namespace
}  // namespace emoforget::train
