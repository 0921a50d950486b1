// The demo's native jobs: the Mandelbrot set over a region of the complex
// plane, its rows shared by a few native threads, progress in pixels done.
//
//   mandelbrot({ x0, y0, x1, y1, width, height, maxIterations, threads }, controls)
//     -> Promise<{ pixels, inside, area }>
#include <tscb/progress_worker.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace {

struct Region {
  double x0, y0, x1, y1;
  int64_t width, height;
  int max_iterations;
  int threads;
};

// Whether c = x + iy stays bounded for max_iterations steps of z = z^2 + c.
bool Inside(double x, double y, int max_iterations) {
  double zx = 0, zy = 0;
  for (int i = 0; i < max_iterations; ++i) {
    const double xx = zx * zx;
    const double yy = zy * zy;
    if (xx + yy > 4) return false;
    zy = 2 * zx * zy + y;
    zx = xx - yy + x;
  }
  return true;
}

double Field(const Napi::Object& options, const char* name) {
  return options.Get(name).As<Napi::Number>().DoubleValue();
}

Napi::Value Mandelbrot(const Napi::CallbackInfo& info) {
  const Napi::Object options = info[0].As<Napi::Object>();
  Region region{Field(options, "x0"), Field(options, "y0"), Field(options, "x1"),
                Field(options, "y1"), static_cast<int64_t>(Field(options, "width")),
                static_cast<int64_t>(Field(options, "height")),
                static_cast<int>(Field(options, "maxIterations")),
                std::max(1, static_cast<int>(Field(options, "threads")))};

  return tscb::StartProgressWorker(
      info.Env(), info[1],
      [region](tscb::ProgressSink<int64_t>& progress, const tscb::CancellationToken& cancel) {
        constexpr int64_t kChunk = 16;  // pixels per progress report
        std::atomic<int64_t> next_row{0};
        std::atomic<int64_t> pixels_done{0};
        std::atomic<int64_t> inside{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < region.threads; ++t) {
          threads.emplace_back([&] {
            const double dx = (region.x1 - region.x0) / region.width;
            const double dy = (region.y1 - region.y0) / region.height;
            for (int64_t row = next_row++; row < region.height && !cancel.IsCancelled();
                 row = next_row++) {
              int64_t in_row = 0;
              for (int64_t column = 0; column < region.width; column += kChunk) {
                const int64_t end = std::min(region.width, column + kChunk);
                for (int64_t c = column; c < end; ++c) {
                  in_row += Inside(region.x0 + c * dx, region.y0 + row * dy, region.max_iterations);
                }
                progress.Report(pixels_done += end - column);
              }
              inside += in_row;
            }
          });
        }
        for (std::thread& thread : threads) thread.join();
        const int64_t pixels = pixels_done.load();
        progress.Report(pixels);  // the last value is the total, whichever thread finished last
        const double area = (region.x1 - region.x0) * (region.y1 - region.y0) * inside.load() /
                            static_cast<double>(region.width * region.height);
        const int64_t inside_count = inside.load();
        return [pixels, inside_count, area](Napi::Env env) -> Napi::Value {
          Napi::Object result = Napi::Object::New(env);
          result.Set("pixels", Napi::Number::New(env, static_cast<double>(pixels)));
          result.Set("inside", Napi::Number::New(env, static_cast<double>(inside_count)));
          result.Set("area", Napi::Number::New(env, area));
          return result;
        };
      });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("mandelbrot", Napi::Function::New(env, Mandelbrot));
  return exports;
}

}  // namespace

NODE_API_MODULE(progress_demo, Init)
