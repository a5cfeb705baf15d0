#include "reproduce/fig2_plot.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "common/atomic_write.h"
#include "common/error.h"
#include "plot/gnuplot.h"
#include "reproduce/config.h"
#include "reproduce/table1.h"
#include "unlearn/method_info.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string block_name(const std::string& method, int64_t n) {
  std::string name = "$" + method + "_" + std::to_string(n);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

}  // namespace

std::vector<Fig2Point> build_fig2(const std::vector<RunRecord>& records) {
  std::map<std::tuple<int64_t, std::string, double>, std::vector<double>> values;
  for (const RunRecord& r : records) {
    if (r.setting == "train-val" && method_uses_tau(r.method)) {
      values[{r.n, r.method, r.tau}].push_back(r.held_out_uar);
    }
  }
  std::vector<Fig2Point> points;
  for (const auto& [key, uars] : values) {
    points.push_back({std::get<1>(key), std::get<0>(key), std::get<2>(key), mean_std(uars)});
  }
  return points;
}

std::string fig2_csv(const std::vector<Fig2Point>& points) {
  std::ostringstream csv;
  csv << "method,n,tau,seeds,val_uar_mean,val_uar_std\n";
  for (const Fig2Point& p : points) {
    csv << p.method << ',' << p.n << ',' << number(p.tau) << ',' << p.val_uar.count << ','
        << number(p.val_uar.mean) << ',' << number(p.val_uar.std) << '\n';
  }
  return csv.str();
}

std::string fig2_gnuplot_script(const std::vector<Fig2Point>& points) {
  std::set<int64_t> ns;
  std::set<double> taus;
  std::map<std::pair<std::string, int64_t>, std::vector<const Fig2Point*>> series;
  bool several_seeds = false;
  for (const Fig2Point& p : points) {
    ns.insert(p.n);
    taus.insert(p.tau);
    series[{p.method, p.n}].push_back(&p);
    several_seeds = several_seeds || p.val_uar.count > 1;
  }
  if (ns.empty()) {
    throw Error("Fig. 2: no train-val runs of " + tau_method_names("or") + " to plot");
  }
  const int panels = static_cast<int>(ns.size());
  const int columns = panels == 4 ? 2 : std::min(panels, 3);
  const int rows = (panels + columns - 1) / columns;
  const double lo = *taus.begin(), hi = *taus.rbegin();
  const double pad = std::max(0.05, 0.08 * (hi - lo));

  std::ostringstream gp;
  gp << "# Fig. 2 of the paper: validation UAR over the PGD radius tau, one panel per N.\n"
     << "# Render with: gnuplot fig2.gp  (or gnuplot -e \"outfile='x.png'\" fig2.gp)\n"
     << "if (!exists(\"outfile\")) outfile = 'fig2.png'\n"
     << "set terminal pngcairo enhanced size " << 520 * columns << "," << 120 + 420 * rows
     << " font 'sans,12'\n"
     << "set output outfile\n";
  for (const auto& [key, items] : series) {
    gp << block_name(key.first, key.second) << " << EOD\n";
    for (const Fig2Point* p : items) {
      gp << number(p->tau) << ' ' << number(p->val_uar.mean) << ' ' << number(p->val_uar.std)
         << '\n';
    }
    gp << "EOD\n";
  }
  gp << "set multiplot layout " << rows << "," << columns
     << " title 'Validation UAR of the unlearned model over {/:Italic τ} (fine-tuned on Train, "
        "scored on Val)' font 'sans,14'\n"
     << "set xlabel '{/:Italic τ} (PGD clip value)' offset 0,0.4\n"
     << "set ylabel 'Validation UAR'\n"
     << "set xrange [" << number(lo - pad) << ":" << number(hi + pad) << "]\n"
     << "set yrange [0:1]\n"
     << "set ytics 0.2\n"
     << "set xtics (";
  bool first = true;
  for (const double tau : taus) {
    gp << (first ? "" : ", ") << "'" << number(tau) << "' " << number(tau);
    first = false;
  }
  gp << ")\n"
     << "set grid\n"
     << "set key outside bottom center horizontal samplen 3 spacing 1.2\n"
     << "set bmargin 6\n"
     << "set style line 1 lc rgb '#1f77b4' lw 2 pt 7 ps 1.2\n"
     << "set style line 2 lc rgb '#d62728' lw 2 pt 5 ps 1.2 dt 2\n";
  const std::string style = several_seeds ? "yerrorlines" : "linespoints";
  const std::string columns_used = several_seeds ? "1:2:3" : "1:2";
  for (const int64_t n : ns) {
    gp << "set title 'N = " << n << "'\nplot ";
    bool first_line = true;
    int line_style = 0;
    for (const std::string& method : unlearn::table1_method_names()) {
      if (!method_uses_tau(method)) continue;
      ++line_style;
      if (series.find({method, n}) == series.end()) continue;
      gp << (first_line ? "" : ", \\\n     ") << block_name(method, n) << " using " << columns_used
         << " with " << style << " ls " << line_style << " title '" << method_title(method) << "'";
      first_line = false;
    }
    gp << "\n";
  }
  gp << "unset multiplot\nset output\n";
  return gp.str();
}

void render_fig2(const std::vector<Fig2Point>& points, const fs::path& script,
                 const fs::path& png) {
  write_file_atomic(script, fig2_gnuplot_script(points));
  write_atomic_with(png, [&](const fs::path& tmp) {
    plot::run_gnuplot(script, {{"outfile", tmp.string()}});
    if (!fs::exists(tmp) || fs::file_size(tmp) == 0) {
      throw Error("gnuplot wrote no image for " + png.string() + " (script " + script.string() +
                  ")");
    }
  });
}

}  // namespace emoforget::reproduce
