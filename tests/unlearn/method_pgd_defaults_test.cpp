// A method's own M and P: given where the command line named none, kept where it did.
#include "unlearn/method_pgd_defaults.h"

#include <gtest/gtest.h>

#include "unlearn/method_info.h"

namespace emoforget::unlearn {
namespace {

TEST(MethodPgdDefaults, TheRecommendedMethodBringsItsOwnAttackSize) {
  const MethodInfo& info = method_info(default_method_name());
  ASSERT_TRUE(info.runs_pgd) << "the recommended method attacks";
  ASSERT_GT(info.pgd_m, 0);
  ASSERT_GT(info.pgd_p, 0);
  UnlearnConfig config;
  config.method = info.name;
  const PgdConfig paper;
  EXPECT_NE(info.pgd_m, paper.m) << "smaller than the paper's, or the field would be needless";
  use_method_pgd_defaults(config, {});
  EXPECT_EQ(config.settings.pgd.m, info.pgd_m);
  EXPECT_EQ(config.settings.pgd.p, info.pgd_p);
  EXPECT_EQ(config.settings.pgd.tau, paper.tau) << "only M and P";
}

TEST(MethodPgdDefaults, KeepsWhatWasNamedAndLeavesOtherMethodsAlone) {
  UnlearnConfig named;
  named.method = default_method_name();
  named.settings.pgd.m = 3;
  named.settings.pgd.p = 4;
  use_method_pgd_defaults(named, {true, true});
  EXPECT_EQ(named.settings.pgd.m, 3);
  EXPECT_EQ(named.settings.pgd.p, 4);
  UnlearnConfig partly;
  partly.method = default_method_name();
  partly.settings.pgd.p = 4;
  use_method_pgd_defaults(partly, {false, true});
  EXPECT_EQ(partly.settings.pgd.m, method_info(default_method_name()).pgd_m);
  EXPECT_EQ(partly.settings.pgd.p, 4);

  UnlearnConfig paper;
  paper.method = "adv-ewc";
  ASSERT_EQ(method_info("adv-ewc").pgd_m, 0) << "the paper's method keeps the paper's sizes";
  use_method_pgd_defaults(paper, {});
  EXPECT_EQ(paper.settings.pgd.m, PgdConfig().m);
  EXPECT_EQ(paper.settings.pgd.p, PgdConfig().p);
}

}  // namespace
}  // namespace emoforget::unlearn
