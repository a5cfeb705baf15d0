// `benchmark --sequential`: disjoint requests drawn in a row, each method's chain of
// models, every step scored on the earlier forget sets, and the summary's counts.
#include "reproduce/sequential.h"

#include <set>

#include <gtest/gtest.h>

#include "common/error.h"
#include "data/manifest.h"
#include "reproduce/requests.h"
#include "support/benchmark_model.h"
#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"

namespace emoforget::reproduce {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

nlohmann::json read_json(const fs::path& path) {
  return nlohmann::json::parse(testing::read_text(path));
}

TEST(DrawRequests, DisjointInARowAndTheFirstAsAlone) {
  TempDir dir;
  testing::ToneCorpusSpec spec;
  spec.speakers_per_split = 3;
  const data::Manifest manifest = data::read_manifest(testing::write_tone_corpus(dir.path(), spec));
  const auto alone = draw_requests(manifest, {"train"}, "random", 3, 5, 1);
  const auto row = draw_requests(manifest, {"train"}, "random", 3, 5, 4);
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(row[0], alone[0]) << "a sequence starts with the single request of its seed";
  std::set<std::string> seen;
  for (const auto& ids : row) {
    EXPECT_EQ(ids.size(), 3u);
    for (const std::string& id : ids)
      EXPECT_TRUE(seen.insert(id).second) << id << " twice";
  }
  const auto speakers = draw_requests(manifest, {"train"}, "speaker", 0, 5, 2);
  std::set<std::string> named;
  for (const auto& ids : speakers) {
    std::set<std::string> of;
    for (const data::Utterance& u : manifest.utterances) {
      if (std::find(ids.begin(), ids.end(), u.utt_id) != ids.end()) of.insert(u.speaker);
    }
    ASSERT_EQ(of.size(), 1u) << "one speaker per request";
    EXPECT_TRUE(named.insert(*of.begin()).second) << "a speaker asked twice";
  }
  EXPECT_THROW(draw_requests(manifest, {"train"}, "speaker", 0, 5, 3), Error)
      << "no speaker left to retrain on";
}

SequentialRecord record(int step, std::vector<double> uar, std::vector<double> reference) {
  SequentialRecord r;
  r.request = "random";
  r.method = "adv-ewc";
  r.step = step;
  r.ta = 0.72;
  r.original_ta = 0.8;
  r.forget_uar = std::move(uar);
  r.reference_uar = std::move(reference);
  return r;
}

TEST(SequentialSummary, CountsEarlierSetsAboveTheReference) {
  // Set 1 climbs back above the reference's 0.5 at request 3; the current set never counts.
  const std::vector<SequentialRecord> records = {record(1, {0.9}, {0.5}),
                                                 record(2, {0.4, 0.9}, {0.5, 0.6}),
                                                 record(3, {0.6, 0.3, 0.2}, {0.5, 0.6, 0.7})};
  EXPECT_EQ(records[1].climbed_back(), 0);
  EXPECT_EQ(records[2].climbed_back(), 1);
  BenchmarkConfig config;
  config.sequential = 3;
  config.requests = {"random"};
  config.methods = {"retrain", "adv-ewc"};
  const std::string md = sequential_markdown(records, config);
  EXPECT_NE(md.find("| 3 | 0.720 | 90 % | 0.200 | 0.700 | 0.450 | 0.550 | 1 of 2 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("keeps 90 % of the fine-tuned model's held-out UAR; 1 of 2 earlier"),
            std::string::npos)
      << md;
}

TEST(SequentialCli, ChainsRequestsAndScoresTheEarlierSets) {
  TempDir dir;
  testing::ToneCorpusSpec spec;
  spec.speakers_per_split = 4;
  const testing::BenchmarkModel m = testing::write_benchmark_model(dir.path(), spec, 2);
  const fs::path manifest = m.manifest;
  const fs::path out = dir / "seq";
  std::vector<std::string> args = {"--threads", "1"};
  const std::vector<std::string> bench =
      testing::benchmark_args(m, out, "retrain,ranlab", {"--sequential", "3", "--n", "2"});
  args.insert(args.end(), bench.begin(), bench.end());
  const auto r = testing::run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto report = read_json(out / "sequential.json");
  ASSERT_EQ(report["steps"].size(), 2u * 3u) << "kinds x requests of the one chained method";

  const data::Manifest corpus = data::read_manifest(manifest);
  for (const std::string kind : {"random", "speaker"}) {
    const fs::path runs = out / "runs" / (kind + "-seed0");
    const auto sets = draw_requests(corpus, {"train"}, kind, 2, 0, 3);
    // Each request ran on the model the previous one produced.
    std::string parent;
    for (int step = 1; step <= 3; ++step) {
      const auto lineage =
          read_json(runs / "ranlab" / ("request-" + std::to_string(step)) / "report.json")
              .at("lineage");
      EXPECT_EQ(lineage.at("requests").size(), static_cast<size_t>(step));
      if (step > 1) {
        EXPECT_EQ(lineage.at("parent").at("hash"), parent) << kind << " step " << step;
      }
      EXPECT_EQ(lineage.at("requests").back().at("n"), sets[step - 1].size());
      parent = lineage.at("model_hash");
    }
    size_t union_size = 0;
    for (const auto& ids : sets)
      union_size += ids.size();
    EXPECT_EQ(read_json(runs / "retrain" / "report.json")["forget"]["n"], union_size)
        << "the reference never saw any of the requests";
    // Step 3's score on set 1 is that model's UAR on those utterances.
    const auto& step3 = [&]() {
      for (const auto& s : report["steps"])
        if (s["request"] == kind && s["step"] == 3) return s;
      return nlohmann::json();
    }();
    ASSERT_EQ(step3["forget_uar"].size(), 3u);
    testing::write_text(dir / "set1.csv", [&] {
      std::string text = "utt_id\n";
      for (const std::string& id : sets[0])
        text += id + "\n";
      return text;
    }());
    const auto scored = testing::run_cli(
        {"evaluate", "--model", (runs / "ranlab" / "request-3").string(), "--manifest",
         manifest.string(), "--utts", (dir / "set1.csv").string(), "--max-seconds", "0.5"});
    ASSERT_EQ(scored.exit_code, 0) << scored.err;
    EXPECT_NEAR(nlohmann::json::parse(scored.out)["uar"].get<double>(),
                step3["forget_uar"][0].get<double>(), 1e-9);
    EXPECT_NE(
        testing::read_text(runs / "logs" / "audit-ranlab-3.md").find("ancestor, 3 requests back"),
        std::string::npos)
        << "the certificate names the fine-tuned model as the chain's ancestor";
    for (const auto& ids : sets) {
      for (const std::string& id : ids)
        EXPECT_EQ(testing::file_containing(out, id), "") << id << " in clear";
    }
  }
  const std::string md = testing::read_text(out / "sequential.md");
  EXPECT_NE(md.find("### 2 random utterances per request: ranlab"), std::string::npos) << md;
  EXPECT_NE(md.find("### One speaker per request: ranlab"), std::string::npos) << md;
  EXPECT_NE(md.find("| 3 | "), std::string::npos) << md;
  EXPECT_EQ(testing::read_text(out / "sequential-random-ranlab.png").substr(1, 3), "PNG");
  EXPECT_EQ(testing::read_text(out / "sequential-speaker-ranlab.png").substr(1, 3), "PNG");
}

TEST(SequentialCli, RefusesMoreSpeakerRequestsThanSpeakers) {
  TempDir dir;
  const fs::path manifest = testing::write_tone_corpus(dir / "corpus");
  const fs::path init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
  const auto r = testing::run_cli({"benchmark", "--model", init.string(), "--init", init.string(),
                                   "--manifest", manifest.string(), "--out", (dir / "seq").string(),
                                   "--methods", "retrain,ranlab", "--requests", "speaker",
                                   "--sequential", "5"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("5 speaker requests in a row need more than 5 training speakers"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace emoforget::reproduce
