#include "distributed/group.h"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include <torch/torch.h>

#include "common/error.h"
#include "common/interrupt.h"
#include "common/stopwatch.h"
#include "distributed/gradient_sync.h"
#include "distributed/thread_ranks.h"

namespace emoforget::distributed {
namespace {

TEST(Group, OneRankRunsCollectivesAsNoOps) {
  Group group(Environment{}, GroupOptions{});
  torch::Tensor t = torch::ones({3});
  group.all_reduce_sum(t, "test");
  EXPECT_TRUE(t.equal(torch::ones({3})));
  EXPECT_EQ(group.sum(2.5, "test"), 2.5);
  EXPECT_TRUE(group.any_of(true, "test"));
}

TEST(Group, TwoRanksSumBroadcastAndAgree) {
  std::vector<torch::Tensor> sums(2), broadcasts(2);
  std::vector<int> any(2), all(2);
  const auto errors = testing::run_ranks(2, [&](Group& group) {
    const auto r = static_cast<size_t>(group.rank());
    torch::Tensor t = torch::full({4}, static_cast<float>(group.rank() + 1));
    group.all_reduce_sum(t, "test sum");
    sums[r] = t;
    torch::Tensor b = torch::full({2}, static_cast<float>(10 * group.rank() + 7));
    group.broadcast(b, 1, "test broadcast");
    broadcasts[r] = b;
    any[r] = group.any_of(group.rank() == 1, "test any");
    all[r] = group.all_of(group.rank() == 1, "test all");
    group.barrier("test barrier");
  });
  ASSERT_EQ(errors, std::vector<std::string>(2, ""));
  for (size_t r = 0; r < 2; ++r) {
    EXPECT_TRUE(sums[r].equal(torch::full({4}, 3.0f))) << sums[r];
    EXPECT_TRUE(broadcasts[r].equal(torch::full({2}, 17.0f))) << broadcasts[r];
    EXPECT_EQ(any[r], 1);
    EXPECT_EQ(all[r], 0);
  }
}

// The mean-loss gradient of a linear classifier over `rows` of a fixed batch.
struct Problem {
  torch::Tensor x = torch::randn({6, 5}, torch::TensorOptions().dtype(torch::kFloat64));
  torch::Tensor y = torch::tensor({0, 2, 1, 1, 0, 2}, torch::kInt64);
  torch::nn::Linear make() const {
    torch::manual_seed(3);
    torch::nn::Linear layer(5, 3);
    layer->to(torch::kFloat64);
    return layer;
  }
};

std::vector<torch::Tensor> grads_of(torch::nn::Linear& layer) {
  std::vector<torch::Tensor> grads;
  for (const auto& p : layer->parameters())
    grads.push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
  return grads;
}

void expect_data_parallel_gradient(int64_t bucket_bytes, int64_t rank0_rows) {
  torch::manual_seed(1);
  const Problem problem;
  torch::nn::Linear single = problem.make();
  torch::nn::functional::cross_entropy(single->forward(problem.x), problem.y).backward();
  const auto expected = grads_of(single);

  std::vector<std::vector<torch::Tensor>> got(2);
  std::vector<double> losses(2);
  // Built here: the ranks' threads share LibTorch's default generator.
  std::vector<torch::nn::Linear> layers = {problem.make(), problem.make()};
  const auto errors = testing::run_ranks(2, [&](Group& group) {
    torch::nn::Linear& layer = layers[static_cast<size_t>(group.rank())];
    GradientSync sync(group, layer->parameters(), bucket_bytes);
    const int64_t begin = group.rank() == 0 ? 0 : rank0_rows;
    const int64_t end = group.rank() == 0 ? rank0_rows : 6;
    double local = 0.0;
    if (end > begin) {
      const torch::Tensor loss = torch::nn::functional::cross_entropy(
          layer->forward(problem.x.slice(0, begin, end)), problem.y.slice(0, begin, end),
          torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
      loss.backward();
      local = loss.item<double>();
    }
    const double total = sync.reduce(6.0, local);
    got[static_cast<size_t>(group.rank())] = grads_of(layer);
    losses[static_cast<size_t>(group.rank())] = total / 6.0;
  });
  ASSERT_EQ(errors, std::vector<std::string>(2, ""));
  const double mean_loss =
      torch::nn::functional::cross_entropy(single->forward(problem.x), problem.y).item<double>();
  for (size_t r = 0; r < 2; ++r) {
    EXPECT_NEAR(losses[r], mean_loss, 1e-12);
    ASSERT_EQ(got[r].size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      ASSERT_TRUE(got[r][i].defined()) << "rank " << r << " parameter " << i;
      EXPECT_TRUE(torch::allclose(got[r][i], expected[i], 1e-12, 1e-12))
          << "rank " << r << " parameter " << i << "\n"
          << got[r][i] << expected[i];
    }
  }
}

TEST(GradientSync, GivesTheGlobalBatchMeanGradientOnEveryRank) {
  expect_data_parallel_gradient(GradientSync::kBucketBytes, 3);  // one bucket
}

TEST(GradientSync, BucketsSplitTheParameters) {
  Group one(Environment{}, GroupOptions{});
  torch::nn::Linear layer(5, 3);
  EXPECT_EQ(GradientSync(one, layer->parameters(), 8).buckets(), 2);  // weight | bias
  EXPECT_EQ(GradientSync(one, layer->parameters()).buckets(), 1);
  expect_data_parallel_gradient(8, 4);
}

TEST(GradientSync, ARankWithoutSamplesContributesNothing) {
  expect_data_parallel_gradient(GradientSync::kBucketBytes, 6);
}

TEST(GradientSync, AParameterWithoutAGradientAnywhereKeepsNone) {
  std::vector<int> defined(2, -1);
  const auto errors = testing::run_ranks(2, [&](Group& group) {
    torch::nn::Linear used(2, 2), unused(2, 2);
    std::vector<torch::Tensor> parameters = used->parameters();
    for (const auto& p : unused->parameters())
      parameters.push_back(p);
    GradientSync sync(group, parameters);
    used->forward(torch::ones({1, 2})).sum().backward();
    sync.reduce(2.0, 0.0);
    defined[static_cast<size_t>(group.rank())] =
        unused->weight.grad().defined() ? 1 : (used->weight.grad().defined() ? 0 : 2);
  });
  ASSERT_EQ(errors, std::vector<std::string>(2, ""));
  EXPECT_EQ(defined, std::vector<int>(2, 0));
}

TEST(GradientSync, AStopOnOneRankReachesEveryRank) {
  std::vector<int> stops(2, -1);
  const auto errors = testing::run_ranks(2, [&](Group& group) {
    torch::nn::Linear layer(2, 2);
    GradientSync sync(group, layer->parameters());
    bool stop = group.rank() == 1;
    sync.reduce(1.0, 0.0, &stop);
    stops[static_cast<size_t>(group.rank())] = stop ? 1 : 0;
  });
  ASSERT_EQ(errors, std::vector<std::string>(2, ""));
  EXPECT_EQ(stops, std::vector<int>(2, 1));
}

TEST(Group, ARankThatNeverArrivesIsNamedWithinTheTimeout) {
  std::atomic<bool> done{false};
  double seconds = 0;
  const auto errors = testing::run_ranks(
      2,
      [&](Group& group) {
        if (group.rank() == 1) {
          while (!done.load())  // alive, heartbeat on, but never at the collective
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          return;
        }
        const auto start = Clock::now();
        try {
          torch::Tensor t = torch::ones({2});
          group.all_reduce_sum(t, "the test all-reduce");
        } catch (...) {
          seconds = seconds_since(start);
          done.store(true);
          throw;
        }
        done.store(true);
      },
      std::chrono::seconds(2));
  EXPECT_NE(errors[0].find("rank 0: the test all-reduce failed: rank 1 did not reach"),
            std::string::npos)
      << errors[0];
  EXPECT_NE(errors[0].find("--dist-timeout 2 s"), std::string::npos) << errors[0];
  EXPECT_EQ(errors[0].find('\n'), std::string::npos) << errors[0];
  EXPECT_LT(seconds, 10.0);
  EXPECT_GE(seconds, 1.5);
}

TEST(Group, ACollectiveBrokenWhileInterruptedStopsAsInterrupted) {
  request_interrupt(SIGINT);  // as Ctrl-C reaches every rank of a launch
  const auto errors = testing::run_ranks(
      2,
      [&](Group& group) {
        if (group.rank() == 1) return;  // stopped first: never at the collective
        torch::Tensor t = torch::ones({2});
        group.all_reduce_sum(t, "the test all-reduce");
      },
      std::chrono::seconds(5));
  clear_interrupt();
  EXPECT_NE(errors[0].find("interrupted by SIGINT"), std::string::npos) << errors[0];
  EXPECT_EQ(errors[0].find("did not reach"), std::string::npos) << errors[0];
}

TEST(Group, OptionsAreValidated) {
  GroupOptions options;
  options.backend = "mpi";
  EXPECT_THROW(options.validate(), Error);
  options.backend = "gloo";
  options.timeout = std::chrono::seconds(0);
  EXPECT_THROW(options.validate(), Error);
  options.timeout = std::chrono::seconds(5);
  options.backend = "nccl";
  EXPECT_THROW(options.validate(), Error);  // no CUDA asked (and no NCCL in a CPU build)
  EXPECT_EQ(GroupOptions{}.resolved_backend(), "gloo");
}

}  // namespace
}  // namespace emoforget::distributed
