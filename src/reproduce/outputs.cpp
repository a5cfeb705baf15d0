#include "reproduce/outputs.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "common/atomic_write.h"
#include "reproduce/benchmark.h"
#include "reproduce/fig2_plot.h"
#include "reproduce/table1.h"
#include "unlearn/method_info.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;

namespace {

nlohmann::json cell_json(const Table1Cell& c) {
  nlohmann::json j = {{"setting", c.setting},
                      {"held_out", c.held_out},
                      {"n", c.n},
                      {"method", c.method},
                      {"seeds", c.held_out_uar.count},
                      {"held_out_uar", c.held_out_uar.mean},
                      {"held_out_uar_std", c.held_out_uar.std},
                      {"held_out_uar_ci95", c.held_out_uar.ci95},
                      {"star", c.star}};
  for (const auto& [seed, counts] : c.held_out_by_seed) {
    j["held_out_by_seed"].push_back(
        {{"seed", seed}, {"correct", counts.first}, {"total", counts.second}});
  }
  if (c.forget_uar.count > 0) {
    j["forget_uar"] = c.forget_uar.mean;
    j["forget_uar_std"] = c.forget_uar.std;
    j["forget_uar_ci95"] = c.forget_uar.ci95;
  }
  if (method_uses_tau(c.method)) j["tau"] = c.tau;
  if (c.has_z) {
    j["z_vs_ranlab"] = c.z_vs_ranlab.to_json();
    j["z_vs_ranlab"]["combined"] = "Stouffer over seeds";
    for (const auto& [seed, z] : c.z_by_seed) {
      nlohmann::json one = z.to_json();
      one["seed"] = seed;
      j["z_vs_ranlab"]["per_seed"].push_back(one);
    }
  }
  return j;
}

}  // namespace

nlohmann::json write_reproduce_outputs(const ReproduceConfig& config,
                                       const std::vector<RunRecord>& records) {
  const fs::path& out = config.out;
  nlohmann::json result = {{"files", nlohmann::json::array()},
                           {"table1", nlohmann::json::array()},
                           {"tau_chosen", nlohmann::json::array()}};
  auto wrote = [&](const fs::path& path) { result["files"].push_back(path.string()); };

  const Table1 table = build_table1(records, config.ns, config.ordered_settings(), config.methods);
  write_file_atomic(out / "table1.csv", table1_csv(table));
  wrote(out / "table1.csv");
  write_file_atomic(out / "table1.md", table1_markdown(table));
  wrote(out / "table1.md");
  for (const Table1Cell& cell : table.cells) {
    result["table1"].push_back(cell_json(cell));
    if (method_uses_tau(cell.method)) {
      result["tau_chosen"].push_back(
          {{"setting", cell.setting}, {"n", cell.n}, {"method", cell.method}, {"tau", cell.tau}});
    }
  }

  // The field's figures of every audited cell (its tau as Table 1 chose it).
  std::vector<BenchmarkRecord> evidence;
  std::vector<std::string> groups;
  std::map<std::string, double> reference_seconds;  // by group and seed
  const auto group_of = [](const RunRecord& r) { return r.setting + " N=" + std::to_string(r.n); };
  for (const RunRecord& r : records) {
    if (r.audited && unlearn::method_info(r.method).needs_init)
      reference_seconds[group_of(r) + "#" + std::to_string(r.seed)] = r.seconds;
  }
  for (const RunRecord& r : records) {
    if (!r.audited) continue;
    const Table1Cell* cell = table.find(r.setting, r.n, r.method);
    if (cell == nullptr || (method_uses_tau(r.method) && r.tau != cell->tau)) continue;
    BenchmarkRecord b;
    b.request = group_of(r);
    b.seed = r.seed;
    b.method = r.method;
    b.ua = r.forget_uar;
    b.ra = r.remain_uar;
    b.ta = r.held_out_uar;
    b.ta_f1 = r.held_out_f1;
    b.mia_efficacy = r.mia_efficacy;
    b.avg_gap = r.avg_gap_to_retrain;
    b.gum = r.gum;
    b.seconds = r.seconds;
    const auto ref = reference_seconds.find(b.request + "#" + std::to_string(r.seed));
    if (ref != reference_seconds.end() && r.seconds > 0) b.speedup = ref->second / r.seconds;
    if (std::find(groups.begin(), groups.end(), b.request) == groups.end())
      groups.push_back(b.request);
    evidence.push_back(b);
  }
  if (!evidence.empty()) {
    std::vector<std::string> rows;
    for (const std::string& m : table.methods) {
      if (m != kFinetuneMethod) rows.push_back(m);
    }
    write_file_atomic(out / "evidence.md", benchmark_markdown(evidence, table.seeds, rows, groups));
    wrote(out / "evidence.md");
  }

  const std::vector<Fig2Point> points = build_fig2(records);
  write_file_atomic(out / "fig2.csv", fig2_csv(points));
  wrote(out / "fig2.csv");
  if (points.empty()) {
    std::fprintf(stderr, "reproduce: fig2.png not drawn: it needs train-val runs of %s\n",
                 tau_method_names("or").c_str());
  } else {
    render_fig2(points, out / "fig2.gp", out / "fig2.png");
    wrote(out / "fig2.gp");
    wrote(out / "fig2.png");
  }
  return result;
}

}  // namespace emoforget::reproduce
