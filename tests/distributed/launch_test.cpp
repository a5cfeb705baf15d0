// Distributed runs as users start them: `emoforget launch` and torchrun's variables,
// two Gloo ranks on loopback.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include "distributed/thread_ranks.h"
#include "model/checkpoint.h"
#include "support/benchmark_model.h"
#include "support/cli_process.h"
#include "support/mini_model.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"
#include "tensor_io/safetensors.h"

namespace emoforget {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

std::vector<std::string> finetune_args(const fs::path& manifest, const fs::path& init,
                                       const fs::path& out, const std::string& epochs) {
  return {"finetune",
          "--manifest",
          manifest.string(),
          "--init",
          init.string(),
          "--out",
          out.string(),
          "--epochs",
          epochs,
          "--batch",
          "5",
          "--lr",
          "1e-3",
          "--max-seconds",
          "0.5",
          "--crop",
          "random",
          "--keep",
          "last",
          "--seed",
          "7"};
}

std::vector<std::string> launched(int ranks, const std::vector<std::string>& command) {
  std::vector<std::string> args = {"launch", "--nproc",   std::to_string(ranks),
                                   "--",     "--threads", "1"};
  args.insert(args.end(), command.begin(), command.end());
  return args;
}

std::vector<std::string> single(const std::vector<std::string>& command) {
  std::vector<std::string> args = {"--threads", "1"};
  args.insert(args.end(), command.begin(), command.end());
  return args;
}

// The mini model with every random draw of a training forward switched on: dropout,
// LayerDrop and SpecAugment time masks.
fs::path write_noisy_model(const fs::path& dir) {
  model::ModelConfig config = testing::mini_model_config(testing::tone_labels(3));
  config.num_hidden_layers = 2;
  config.layerdrop = 0.3;
  config.mask_time_prob = 0.3;
  config.mask_time_length = 3;
  config.activation_dropout = 0.1;
  model::SequenceClassifier model(config);
  model->init_weights(5);
  model::save_model(model, dir);
  return dir;
}

TEST(Launch, TwoRanksTrainTheSameWeightsAsOneProcess) {
  TempDir dir;
  testing::ToneCorpusSpec spec;
  spec.per_speaker_class = 3;  // 18 training clips: batches of 5, 5, 5, 3
  const fs::path manifest = testing::write_tone_corpus(dir / "corpus", spec);
  const fs::path init = write_noisy_model(dir / "init");
  const auto one = testing::run_cli(single(finetune_args(manifest, init, dir / "one", "2")));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = testing::run_cli(launched(2, finetune_args(manifest, init, dir / "two", "2")));
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_NE(two.err.find("data-parallel over 2 ranks"), std::string::npos) << two.err;
  // One report on stdout (rank 0's), recording the ranks.
  const nlohmann::json report = nlohmann::json::parse(two.out);
  EXPECT_EQ(report["distributed"]["ranks"], 2);

  const auto a = tensor_io::read_safetensors(dir / "one" / "model.safetensors");
  const auto b = tensor_io::read_safetensors(dir / "two" / "model.safetensors");
  const auto start = tensor_io::read_safetensors(init / "model.safetensors");
  ASSERT_EQ(a.size(), b.size());
  double moved = 0.0;
  for (const auto& [name, tensor] : a) {
    ASSERT_TRUE(b.count(name)) << name;
    EXPECT_TRUE(torch::allclose(b.at(name), tensor, 1e-5, 1e-6))
        << name << " differs by " << (b.at(name) - tensor).abs().max().item<double>();
    if (start.count(name)) moved += (tensor - start.at(name)).abs().max().item<double>();
  }
  EXPECT_GT(moved, 1e-3);  // training changed the weights
  // The same per-epoch losses.
  const nlohmann::json one_report = nlohmann::json::parse(one.out);
  for (size_t e = 0; e < 2; ++e) {
    EXPECT_NEAR(report["epochs"][e]["train_loss"].get<double>(),
                one_report["epochs"][e]["train_loss"].get<double>(), 1e-5);
  }
}

TEST(Launch, AnInterruptedTwoRankRunResumesOnOneRank) {
  TempDir dir;
  testing::ToneCorpusSpec spec;
  spec.per_speaker_class = 3;
  const fs::path manifest = testing::write_tone_corpus(dir / "corpus", spec);
  const fs::path init = write_noisy_model(dir / "init");
  const auto whole = testing::run_cli(single(finetune_args(manifest, init, dir / "whole", "20")));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  testing::CliProcess run(launched(2, finetune_args(manifest, init, dir / "out", "20")));
  // Once the first epoch is saved, the launcher passes Ctrl-C on; both ranks stop together.
  const fs::path state = dir / "out.train" / "last" / "state.json";
  while (!fs::exists(state) && !run.wait_for(0.0))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  run.signal(SIGINT);
  const testing::CliResult stopped = run.wait();
  ASSERT_NE(stopped.exit_code, 0) << "the run finished before the interrupt:\n" << stopped.err;
  EXPECT_EQ(stopped.err.find("did not reach"), std::string::npos) << stopped.err;
  EXPECT_EQ(stopped.err.find(" stopped (no heartbeat"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("interrupted"), std::string::npos) << stopped.err;
  std::vector<std::string> resume = single(finetune_args(manifest, init, dir / "out", "20"));
  resume.push_back("--resume");
  const auto resumed = testing::run_cli(resume);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const auto a = tensor_io::read_safetensors(dir / "whole" / "model.safetensors");
  const auto b = tensor_io::read_safetensors(dir / "out" / "model.safetensors");
  // 80 Adam steps apart from one process's run only by float rounding (k_proj's bias,
  // whose true gradient is 0, drifts most).
  for (const auto& [name, tensor] : a) {
    EXPECT_TRUE(torch::allclose(b.at(name), tensor, 1e-5, 1e-5))
        << name << " differs by " << (b.at(name) - tensor).abs().max().item<double>();
  }
}

TEST(Launch, TwoRanksAttackAndUnlearnAsOneProcess) {
  TempDir dir;
  testing::ToneCorpusSpec spec;
  spec.per_speaker_class = 3;
  const fs::path manifest = testing::write_tone_corpus(dir / "corpus", spec);
  const fs::path model = testing::write_mini_model(dir / "m", testing::tone_labels(3));
  const auto forget = [&](const std::string& name) {
    return std::vector<std::string>{"forget",
                                    "--model",
                                    model.string(),
                                    "--manifest",
                                    manifest.string(),
                                    "--out",
                                    (dir / name).string(),
                                    "--method",
                                    "adv-ewc",
                                    "--forget-random",
                                    "5",
                                    "--m",
                                    "3",
                                    "--p",
                                    "3",
                                    "--pgd-batch",
                                    "4",
                                    "--epochs",
                                    "2",
                                    "--batch",
                                    "4",
                                    "--lr",
                                    "1e-3",
                                    "--max-seconds",
                                    "0.5",
                                    "--pgd-cache",
                                    (dir / (name + "-cache")).string(),
                                    "--seed",
                                    "3"};
  };
  const auto one = testing::run_cli(single(forget("one")));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = testing::run_cli(launched(2, forget("two")));
  ASSERT_EQ(two.exit_code, 0) << two.err;
  // The sharded attack's set is bit for bit the single process's (rank 0 stored it).
  const auto cached = [&](const std::string& name) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir / (name + "-cache")))
      files.push_back(entry.path());
    return files;
  };
  ASSERT_EQ(cached("one").size(), 1u);
  ASSERT_EQ(cached("two").size(), 1u);
  const auto a = tensor_io::read_safetensors(cached("one")[0]);
  const auto b = tensor_io::read_safetensors(cached("two")[0]);
  EXPECT_EQ(cached("one")[0].filename(), cached("two")[0].filename());
  EXPECT_TRUE(a.at("waves").equal(b.at("waves")));
  EXPECT_TRUE(a.at("targets").equal(b.at("targets")));
  // The sharded Fisher and data-parallel steps land where one process does.
  const nlohmann::json ra = nlohmann::json::parse(one.out);
  const nlohmann::json rb = nlohmann::json::parse(two.out);
  EXPECT_EQ(rb["distributed"]["ranks"], 2);
  EXPECT_EQ(ra["adversarial"]["success_rate"], rb["adversarial"]["success_rate"]);
  EXPECT_NEAR(ra["fisher"]["raw_mean"].get<double>(), rb["fisher"]["raw_mean"].get<double>(),
              1e-6 * std::abs(ra["fisher"]["raw_mean"].get<double>()));
  for (size_t e = 0; e < 2; ++e)
    EXPECT_NEAR(ra["epochs"][e]["loss"].get<double>(), rb["epochs"][e]["loss"].get<double>(), 1e-4);
  const auto wa = tensor_io::read_safetensors(dir / "one" / "model.safetensors");
  const auto wb = tensor_io::read_safetensors(dir / "two" / "model.safetensors");
  for (const auto& [name, tensor] : wa) {
    EXPECT_TRUE(torch::allclose(wb.at(name), tensor, 1e-4, 1e-5))
        << name << " differs by " << (wb.at(name) - tensor).abs().max().item<double>();
  }
  EXPECT_EQ(ra["after"], rb["after"]);
}

TEST(Launch, ReproduceCellsOverTwoRanksWriteTheSameTable) {
  TempDir dir;
  const fs::path manifest = testing::write_tone_corpus(dir / "corpus");
  const fs::path init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
  const auto reproduce = [&](const std::string& name) {
    return std::vector<std::string>{"reproduce",
                                    "--manifest",
                                    manifest.string(),
                                    "--init",
                                    init.string(),
                                    "--out",
                                    (dir / name).string(),
                                    "--n",
                                    "2",
                                    "--tau",
                                    "0.1,0.3",
                                    "--methods",
                                    "ranlab,adv-ewc",
                                    "--seeds",
                                    "0,1,2",
                                    "--m",
                                    "2",
                                    "--p",
                                    "2",
                                    "--epochs",
                                    "1",
                                    "--unlearn-epochs",
                                    "1",
                                    "--lr",
                                    "1e-3",
                                    "--unlearn-lr",
                                    "1e-3",
                                    "--lambda-ewc",
                                    "1",
                                    "--batch",
                                    "4",
                                    "--max-seconds",
                                    "0.5"};
  };
  const auto one = testing::run_cli(single(reproduce("one")));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = testing::run_cli(launched(2, reproduce("two")));
  ASSERT_EQ(two.exit_code, 0) << two.err;
  // Both ranks ran cells.
  EXPECT_NE(two.err.find("reproduce rank 0 "), std::string::npos) << two.err;
  EXPECT_NE(two.err.find("reproduce rank 1 "), std::string::npos) << two.err;
  EXPECT_EQ(testing::read_text(dir / "two" / "table1.csv"),
            testing::read_text(dir / "one" / "table1.csv"));
  const nlohmann::json summary = nlohmann::json::parse(two.out);
  EXPECT_EQ(summary["runs"]["executed"], nlohmann::json::parse(one.out)["runs"]["executed"]);
  EXPECT_EQ(summary["distributed"]["ranks"], 2);
  EXPECT_EQ(summary["tau_chosen"], nlohmann::json::parse(one.out)["tau_chosen"]);
}

TEST(Launch, BenchmarkRequestsOverTwoRanksScoreAsOneProcess) {
  TempDir dir;
  const testing::BenchmarkModel m = testing::write_benchmark_model(dir.path());
  const auto benchmark = [&](const std::string& name) {
    return testing::benchmark_args(
        m, dir / name, "retrain,ranlab",
        {"--seeds", "0,1", "--n", "2", "--jobs", "1", "--requests", "random"});
  };
  const auto one = testing::run_cli(single(benchmark("one")));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = testing::run_cli(launched(2, benchmark("two")));
  ASSERT_EQ(two.exit_code, 0) << two.err;
  const auto a = nlohmann::json::parse(testing::read_text(dir / "one" / "benchmark.json"));
  const auto b = nlohmann::json::parse(testing::read_text(dir / "two" / "benchmark.json"));
  EXPECT_EQ(b["distributed"]["ranks"], 2);
  EXPECT_EQ(a["requests"], b["requests"]);
  ASSERT_EQ(a["runs"].size(), 2u * 2u);  // seeds x methods: one block per rank
  ASSERT_EQ(b["runs"].size(), a["runs"].size());
  for (size_t i = 0; i < a["runs"].size(); ++i) {
    for (const char* key :
         {"request", "seed", "method", "ua", "ta", "mia_efficacy", "avg_gap_to_retrain"})
      EXPECT_EQ(a["runs"][i][key], b["runs"][i][key]) << i << " " << key;
  }
}

TEST(Launch, CommandsOfOneProcessRefuseToRunAsRanks) {
  const auto r = testing::run_cli(launched(2, {"synth", "--out", "/nonexistent/x"}));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("emoforget synth runs as one process"), std::string::npos) << r.err;
}

TEST(Launch, ShardedEvaluationGivesTheSameScores) {
  TempDir dir;
  const fs::path manifest = testing::write_tone_corpus(dir / "corpus");
  const fs::path model = testing::write_mini_model(dir / "m", testing::tone_labels(3));
  const std::vector<std::string> command = {"evaluate",   "--model",         model.string(),
                                            "--manifest", manifest.string(), "--split",
                                            "test",       "--batch",         "1"};
  const auto one = testing::run_cli(single(command));
  const auto two = testing::run_cli(launched(2, command));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  const nlohmann::json a = nlohmann::json::parse(one.out);
  const nlohmann::json b = nlohmann::json::parse(two.out);
  for (const char* key : {"uar", "wa", "confusion", "recall", "n"})
    EXPECT_EQ(a[key], b[key]) << key;
}

TEST(Launch, AFailingRankIsNamedAndTheLaunchFails) {
  const auto r = testing::run_cli(
      launched(2, {"evaluate", "--model", "/nonexistent", "--manifest", "/nonexistent.csv"}));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("emoforget launch: rank "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("exited with status 1"), std::string::npos) << r.err;
}

TEST(Launch, NeedsACommand) {
  const auto r = testing::run_cli({"launch", "--nproc", "2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("command"), std::string::npos) << r.err;
}

TEST(Distributed, TorchrunVariablesThatDisagreeAreOneError) {
  const auto r = testing::run_cli({"info"});  // a sanity run without the variables works
  EXPECT_EQ(r.exit_code, 0);
  testing::CliProcess bad({"info"}, {"env", "RANK=2", "WORLD_SIZE=2"});
  const testing::CliResult result = bad.wait();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("RANK='2'"), std::string::npos) << result.err;
}

TEST(Distributed, AKilledRankStopsTheOtherWithinTheTimeout) {
  TempDir dir;
  const fs::path manifest = testing::write_tone_corpus(dir / "corpus");
  const fs::path init = testing::write_mini_model(dir / "init", testing::tone_labels(3));
  const std::string port = std::to_string(testing::free_port());
  std::vector<std::string> args = single(finetune_args(manifest, init, dir / "out", "400"));
  args.insert(args.begin(), {"--dist-timeout", "20"});
  const auto env = [&](int rank) {
    return std::vector<std::string>{"env", "RANK=" + std::to_string(rank), "WORLD_SIZE=2",
                                    "MASTER_ADDR=127.0.0.1", "MASTER_PORT=" + port};
  };
  testing::CliProcess rank0(args, env(0));
  testing::CliProcess rank1(args, env(1));
  std::this_thread::sleep_for(std::chrono::seconds(6));  // well into training
  ASSERT_FALSE(rank0.wait_for(0.0)) << rank0.wait().err;
  rank1.signal(SIGKILL);
  const double killed_at = rank0.elapsed();
  ASSERT_TRUE(rank0.wait_for(30.0)) << "rank 0 still runs 30 s after rank 1 was killed";
  const double stopped_after = rank0.elapsed() - killed_at;
  const testing::CliResult result = rank0.wait();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("emoforget: error: distributed: rank 0: "), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("rank 1 stopped"), std::string::npos) << result.err;
  EXPECT_LT(stopped_after, 22.0);
  EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace
}  // namespace emoforget
