// Flags of `emoforget reproduce`: list parsing, validation messages, and the grid.
#include "reproduce/config.h"

#include <gtest/gtest.h>

#include "common/comma_list.h"
#include "common/error.h"
#include "reproduce/grid.h"
#include "support/test_support.h"

namespace emoforget::reproduce {
namespace {

ReproduceConfig valid() {
  ReproduceConfig c;
  c.manifest = "m.csv";
  c.preset = "tiny";
  c.out = "out";
  return c;
}

std::string error_of(const ReproduceConfig& c) {
  try {
    c.validate();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ReproduceConfig, DefaultsAreThePapersFullGrid) {
  const ReproduceConfig c = valid();
  EXPECT_EQ(error_of(c), "");
  EXPECT_EQ(c.ns, (std::vector<int64_t>{10, 30, 50, 100}));
  EXPECT_EQ(c.taus, (std::vector<double>{0.1, 0.3, 0.5, 0.7}));
  EXPECT_EQ(c.unlearn.pgd.m, 20);
  EXPECT_EQ(c.unlearn.pgd.p, 50);
  EXPECT_EQ(c.unlearn.lambda_ewc, 1e3);
  EXPECT_EQ(c.epochs, 0) << "the fine-tuning recipe's";
  EXPECT_EQ(c.finetune_epochs(100000), 20);
  EXPECT_EQ(c.unlearn.epochs, 15);
  // Per setting and seed: 1 fine-tuning + 4 N x (remain + ranlab) + 4 N x 2 methods x taus,
  // where train+val->test runs the proposed methods at the tau chosen on train-val only.
  const auto runs = plan_runs(c);
  EXPECT_EQ(runs.size(), (1 + 4 * 2 + 4 * 2 * 4) + (1 + 4 * 2 + 4 * 2 * 1));
  EXPECT_TRUE(runs.front().finetune);
  EXPECT_EQ(runs.front().setting.name, "train-val");
  EXPECT_TRUE(runs.back().tau_from_validation);
}

TEST(ReproduceConfig, ListsParseAndRejectEmptyItems) {
  EXPECT_EQ(parse_int_list("2,3", "--n"), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(parse_double_list("0.1, 0.3", "--tau"), (std::vector<double>{0.1, 0.3}));
  EXPECT_EQ(parse_seed_list("0,1,2", "--seeds"), (std::vector<uint64_t>{0, 1, 2}));
  EXPECT_EQ(parse_name_list("adv,ranlab", "--methods"),
            (std::vector<std::string>{"adv", "ranlab"}));
  EXPECT_TRUE(parse_int_list("", "--n").empty()) << "an empty text is an empty list";
  EXPECT_THROW(parse_int_list("10,,30", "--n"), Error);
  EXPECT_THROW(parse_int_list("ten", "--n"), Error);
  EXPECT_THROW(parse_double_list("0.1x", "--tau"), Error);
  EXPECT_THROW(parse_seed_list("-1", "--seeds"), Error);
}

TEST(ReproduceConfig, ValidationNamesTheBadFlagAndValue) {
  auto with = [](auto change) {
    ReproduceConfig c = valid();
    change(c);
    return error_of(c);
  };
  EXPECT_NE(with([](auto& c) { c.ns.clear(); }).find("--n"), std::string::npos);
  EXPECT_NE(with([](auto& c) { c.ns = {0}; }).find("--n"), std::string::npos);
  EXPECT_NE(with([](auto& c) { c.ns = {10, 10}; }).find("listed twice"), std::string::npos);
  EXPECT_NE(with([](auto& c) { c.taus = {0.0}; }).find("--tau"), std::string::npos);
  EXPECT_NE(with([](auto& c) { c.taus = {-0.1}; }).find("--tau"), std::string::npos);
  EXPECT_NE(with([](auto& c) { c.methods = {"finetune"}; }).find("unknown method 'finetune'"),
            std::string::npos);
  EXPECT_EQ(with([](auto& c) {
              c.methods = {"ranlab", "retrain"};
            }),
            "")
      << "the retrained reference is a row of its own";
  EXPECT_NE(with([](auto& c) { c.settings = {"val-test"}; }).find("unknown setting 'val-test'"),
            std::string::npos);
  EXPECT_NE(with([](auto& c) { c.init = "dir"; }).find("exclude each other"), std::string::npos);
  EXPECT_NE(with([](auto& c) { c.preset = ""; }).find("--init"), std::string::npos);
  EXPECT_NE(with([](auto& c) { c.settings = {"trainval-test"}; }).find("single --tau"),
            std::string::npos);
  EXPECT_EQ(with([](auto& c) {
              c.settings = {"trainval-test"};
              c.taus = {0.3};
            }),
            "");
  EXPECT_NE(with([](auto& c) { c.unlearn.epochs = 0; }).find("--unlearn-epochs"),
            std::string::npos);
  EXPECT_NE(with([](auto& c) { c.unlearn.fisher_norm = "max"; }).find("max"), std::string::npos);
}

TEST(ReproduceConfig, CliRejectsBadFlagsWithClearErrors) {
  const std::vector<std::string> base = {"reproduce", "--manifest", "m.csv",     "--preset",
                                         "tiny",      "--out",      "unused-out"};
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--n", ""}, "--n: the list is empty"},
      {{"--tau", "0.1,0"}, "--tau: every PGD radius must be > 0"},
      {{"--methods", "ranlab,forgetall"}, "unknown method 'forgetall'"},
      {{"--settings", "train-test"}, "unknown setting 'train-test'"},
      {{"--init", "some/dir"}, "exclude each other"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    const testing::CliResult r = testing::run_cli(args);
    EXPECT_EQ(r.exit_code, 1) << message;
    EXPECT_NE(r.err.find("emoforget: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace emoforget::reproduce
