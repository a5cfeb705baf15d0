// Fig. 2 from hand-made records: points per (N, method, tau), CSV, the gnuplot
// script's panels, and a PNG rendered by gnuplot.
#include "reproduce/fig2_plot.h"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "common/error.h"
#include "plot/gnuplot.h"
#include "support/test_support.h"

namespace emoforget::reproduce {
namespace {
namespace fs = std::filesystem;

RunRecord val_record(uint64_t seed, const std::string& method, int64_t n, double tau, double uar) {
  RunRecord r;
  r.setting = "train-val";
  r.seed = seed;
  r.method = method;
  r.n = n;
  r.tau = tau;
  r.held_out_uar = uar;
  r.held_out_wa = uar;
  r.held_out_n = 10;
  return r;
}

std::vector<RunRecord> sweep() {
  std::vector<RunRecord> records;
  for (const int64_t n : {10, 30}) {
    for (const double tau : {0.1, 0.3, 0.5}) {
      records.push_back(val_record(0, "adv", n, tau, 0.5 + tau / 2));
      records.push_back(val_record(1, "adv", n, tau, 0.4 + tau / 2));
      records.push_back(val_record(0, "adv-ewc", n, tau, 0.6));
    }
  }
  RunRecord test = val_record(0, "adv", 10, 0.3, 0.99);  // not in the figure: test setting
  test.setting = "trainval-test";
  records.push_back(test);
  RunRecord ranlab = val_record(0, "ranlab", 10, 0.0, 0.2);  // not a proposed method
  records.push_back(ranlab);
  return records;
}

TEST(Fig2, PointsAreValidationMeansOfTheProposedMethods) {
  const std::vector<Fig2Point> points = build_fig2(sweep());
  ASSERT_EQ(points.size(), 12u);  // 2 N x 2 methods x 3 tau
  const auto it = std::find_if(points.begin(), points.end(), [](const Fig2Point& p) {
    return p.method == "adv" && p.n == 10 && p.tau == 0.3;
  });
  ASSERT_NE(it, points.end());
  EXPECT_EQ(it->val_uar.count, 2);
  EXPECT_NEAR(it->val_uar.mean, 0.6, 1e-12);  // (0.65 + 0.55) / 2
  EXPECT_NEAR(it->val_uar.std, std::sqrt(0.005), 1e-12);
}

TEST(Fig2, CsvHasOneRowPerPoint) {
  const std::string csv = fig2_csv(build_fig2(sweep()));
  EXPECT_EQ(csv.rfind("method,n,tau,seeds,val_uar_mean,val_uar_std\n", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 13);
  EXPECT_NE(csv.find("\nadv,10,0.3,2,0.6,0.0707107\n"), std::string::npos) << csv;
}

TEST(Fig2, ScriptHasOnePanelPerNWithLabelsAndLegend) {
  const std::string gp = fig2_gnuplot_script(build_fig2(sweep()));
  EXPECT_NE(gp.find("set multiplot layout 1,2"), std::string::npos) << gp;
  EXPECT_NE(gp.find("set title 'N = 10'"), std::string::npos);
  EXPECT_NE(gp.find("set title 'N = 30'"), std::string::npos);
  EXPECT_NE(gp.find("set xlabel"), std::string::npos);
  EXPECT_NE(gp.find("set ylabel 'Validation UAR'"), std::string::npos);
  EXPECT_NE(gp.find("set key"), std::string::npos);
  EXPECT_NE(gp.find("title 'Adv.'"), std::string::npos);
  EXPECT_NE(gp.find("title 'Adv. + Ela.'"), std::string::npos);
  EXPECT_NE(gp.find("yerrorlines"), std::string::npos);  // several seeds: error bars
  EXPECT_THROW(fig2_gnuplot_script({}), Error);
}

TEST(Fig2, RendersAPng) {
  testing::TempDir dir;
  render_fig2(build_fig2(sweep()), dir / "fig2.gp", dir / "fig2.png");
  const std::string png = testing::read_text(dir / "fig2.png");
  ASSERT_GT(png.size(), 1000u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  EXPECT_EQ(testing::list_files(dir.path()), (std::vector<std::string>{"fig2.gp", "fig2.png"}));
}

TEST(Fig2, GnuplotErrorsAreReported) {
  testing::TempDir dir;
  testing::write_text(dir / "bad.gp", "this is not gnuplot\n");
  EXPECT_THROW(plot::run_gnuplot(dir / "bad.gp"), Error);
  EXPECT_EQ(plot::gnuplot_quote("it's"), "'it''s'");
}

}  // namespace
}  // namespace emoforget::reproduce
