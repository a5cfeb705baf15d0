// Deletion requests through the CLI, three generations deep: no forgotten id in
// clear anywhere in the outputs, the history chain, a repeated request refused, a
// tampered or missing parent reported, and the audit finding the forget set
// through the hashes.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "train/finetune.h"

namespace emoforget {
namespace {
namespace fs = std::filesystem;
using testing::run_cli;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

nlohmann::json read_json(const fs::path& path) {
  return nlohmann::json::parse(read_all(path));
}

class LineageWorkflow : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    manifest_ = testing::write_tone_corpus(*dir_ / "corpus");
    const fs::path init = testing::write_mini_model(*dir_ / "init", testing::tone_labels(3));
    train::FinetuneConfig config;
    config.manifest = manifest_;
    config.init = init;
    config.out = *dir_ / "gen0";
    config.epochs = 2;
    config.run.batch = 4;
    config.lr = 1e-3;
    config.run.max_seconds = 0.5;
    train::finetune(config);
  }
  static void TearDownTestSuite() { delete dir_; }

  static fs::path dir() { return dir_->path(); }
  static fs::path key() { return dir() / "operator" / "request.key"; }

  // `forget` with ranlab (fast) from `model` into `out`; `request` names the set.
  static testing::CliResult forget(const fs::path& model, const fs::path& out,
                                   std::vector<std::string> request,
                                   std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--quiet",       "forget",
                                     "--model",       model.string(),
                                     "--manifest",    manifest_.string(),
                                     "--out",         out.string(),
                                     "--method",      "ranlab",
                                     "--epochs",      "1",
                                     "--lr",          "1e-3",
                                     "--batch",       "4",
                                     "--max-seconds", "0.5",
                                     "--key",         key().string()};
    args.insert(args.end(), request.begin(), request.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  }

  static fs::path list(const std::string& name, const std::vector<std::string>& ids) {
    std::string text = "utt_id\n";
    for (const std::string& id : ids)
      text += id + "\n";
    const fs::path path = dir() / "requests" / name;
    fs::create_directories(path.parent_path());
    testing::write_text(path, text);
    return path;
  }

  // Three generations: two listed requests, then one speaker.
  static void make_chain() {
    if (fs::exists(dir() / "gen3" / "report.json")) return;
    const auto r1 = forget(dir() / "gen0", dir() / "gen1",
                           {"--forget-file", list("first.csv", first_).string()});
    ASSERT_EQ(r1.exit_code, 0) << r1.err;
    const auto r2 = forget(dir() / "gen1", dir() / "gen2",
                           {"--forget-file", list("second.csv", second_).string()},
                           {"--request-id", "ticket-2"});
    ASSERT_EQ(r2.exit_code, 0) << r2.err;
    const auto r3 = forget(dir() / "gen2", dir() / "gen3", {"--forget-speaker", "spk1"});
    ASSERT_EQ(r3.exit_code, 0) << r3.err;
  }

  static testing::TempDir* dir_;
  static fs::path manifest_;
  static const std::vector<std::string> first_, second_;
};
testing::TempDir* LineageWorkflow::dir_ = nullptr;
fs::path LineageWorkflow::manifest_;
const std::vector<std::string> LineageWorkflow::first_ = {"spk0_c0_0", "spk0_c1_1"};
const std::vector<std::string> LineageWorkflow::second_ = {"spk0_c2_0", "spk0_c2_1", "spk0_c1_0"};

TEST_F(LineageWorkflow, OutputsHoldNoForgottenIdPathOrSpeakerInClear) {
  make_chain();
  std::vector<std::string> secrets = first_;
  secrets.insert(secrets.end(), second_.begin(), second_.end());
  for (const char* id :
       {"spk1_c0_0", "spk1_c0_1", "spk1_c1_0", "spk1_c1_1", "spk1_c2_0", "spk1_c2_1"})
    secrets.push_back(id);
  secrets.push_back("spk1");  // the third request's speaker
  secrets.push_back("first.csv");
  secrets.push_back("second.csv");
  for (const char* gen : {"gen1", "gen2", "gen3"}) {
    for (const std::string& secret : secrets)
      EXPECT_EQ(testing::file_containing(dir() / gen, secret), "") << secret << " in clear";
  }
  const nlohmann::json report = read_json(dir() / "gen3" / "report.json");
  const auto& requests = report["lineage"]["requests"];
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0]["n"], 2);
  EXPECT_EQ(requests[1]["id"], "ticket-2");
  EXPECT_EQ(requests[2]["n"], 6);
  EXPECT_EQ(requests[2]["speakers"], 1);
  EXPECT_EQ(requests[0]["utt_hashes"].size(), 2u);
  // Hashes a key holder can recompute, and that are not the plain SHA-256 of the id.
  const std::string key_text = read_all(key());
  EXPECT_EQ(key_text.rfind("emoforget-request-key-v1 ", 0), 0u);
  EXPECT_EQ(requests[0]["key_id"].get<std::string>().size(), 16u);
}

TEST_F(LineageWorkflow, HistoryListsThreeGenerationsOldestFirst) {
  make_chain();
  const auto r = run_cli({"history", (dir() / "gen3").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("original"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ticket-2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("every recorded hash matches"), std::string::npos) << r.out;
  const auto j = run_cli({"history", (dir() / "gen3").string(), "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const nlohmann::json chain = nlohmann::json::parse(j.out);
  EXPECT_TRUE(chain["intact"].get<bool>());
  ASSERT_EQ(chain["generations"].size(), 4u);
  EXPECT_TRUE(chain["generations"][0].contains("original"));
  EXPECT_EQ(chain["generations"][2]["request"]["id"], "ticket-2");
  for (int g = 1; g <= 3; ++g) {
    const auto& gen = chain["generations"][static_cast<size_t>(g)];
    EXPECT_EQ(gen["request"]["parent_hash"],
              chain["generations"][static_cast<size_t>(g - 1)]["hash"])
        << "generation " << g << " ran on its parent";
    EXPECT_EQ(gen["request"]["model_hash"], gen["hash"]);
  }
}

TEST_F(LineageWorkflow, ARepeatedRequestIsRefusedUnlessAgain) {
  make_chain();
  // The first request's utterances, listed in another order, on a later generation.
  const fs::path reordered = list("first-again.csv", {first_[1], first_[0]});
  const nlohmann::json gen1 = read_json(dir() / "gen1" / "report.json");
  const std::string first_id = gen1["lineage"]["requests"][0]["id"];
  const auto refused =
      forget(dir() / "gen2", dir() / "repeat", {"--forget-file", reordered.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("already went through this request: " + first_id), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("--again"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir() / "repeat"));
  const auto again =
      forget(dir() / "gen2", dir() / "repeat", {"--forget-file", reordered.string()}, {"--again"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  // A different set is not a repeat.
  const auto other = forget(dir() / "gen2", dir() / "other",
                            {"--forget-file", list("other.csv", {first_[0]}).string()});
  EXPECT_EQ(other.exit_code, 0) << other.err;
}

TEST_F(LineageWorkflow, AuditFindsTheForgetSetThroughTheHashesAndChecksAGivenList) {
  make_chain();
  const std::vector<std::string> base = {"--quiet",       "audit",
                                         "--original",    (dir() / "gen1").string(),
                                         "--unlearned",   (dir() / "gen2").string(),
                                         "--manifest",    manifest_.string(),
                                         "--max-seconds", "0.5",
                                         "--key",         key().string()};
  const auto by_hash = run_cli(base);
  ASSERT_EQ(by_hash.exit_code, 0) << by_hash.err;
  const nlohmann::json report = nlohmann::json::parse(by_hash.out);
  EXPECT_EQ(report["sets"]["forget"]["n"], 3);
  EXPECT_EQ(report["sets"]["forget"]["check"], "matches request ticket-2");
  std::vector<std::string> wrong_args = base;
  wrong_args.push_back("--forget-file");
  wrong_args.push_back((dir() / "requests" / "first.csv").string());
  const auto wrong = run_cli(wrong_args);
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("not the set this model forgot"), std::string::npos) << wrong.err;
  std::vector<std::string> right_args = base;
  right_args.push_back("--forget-file");
  right_args.push_back((dir() / "requests" / "second.csv").string());
  EXPECT_EQ(run_cli(right_args).exit_code, 0);
}

// Runs last in the suite's order of declaration: it alters generation 1.
TEST_F(LineageWorkflow, ZTamperedOrMissingParentIsReported) {
  make_chain();
  {
    std::ofstream config(dir() / "gen1" / "config.json", std::ios::app);
    config << "\n";  // still valid JSON, but not the file the record hashed
  }
  const auto tampered = run_cli({"history", (dir() / "gen3").string()});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_NE(tampered.out.find("altered or replaced"), std::string::npos) << tampered.out;
  EXPECT_NE(tampered.out.find("gen1"), std::string::npos) << tampered.out;
  EXPECT_NE(tampered.err.find("does not match its record"), std::string::npos) << tampered.err;
  // A parent that is gone: listed from the records its child keeps, and flagged.
  fs::rename(dir() / "gen2", dir() / "moved");
  const auto missing = run_cli({"history", (dir() / "gen3").string(), "--json"});
  EXPECT_EQ(missing.exit_code, 1);
  const nlohmann::json chain = nlohmann::json::parse(missing.out);
  ASSERT_EQ(chain["generations"].size(), 4u) << "the chain still reaches the original";
  EXPECT_FALSE(chain["generations"][2]["found"].get<bool>());
  EXPECT_EQ(chain["generations"][1]["request"]["n"], 2) << "listed from gen3's records";
}

}  // namespace
}  // namespace emoforget
