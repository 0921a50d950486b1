// The library's fixture, built from the public header as a third party would.
#include <napi.h>

#include "peers.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports["tscb"] = bench::TscbCallExports(env);
  exports["tscb_invoke"] = bench::TscbInvokeExports(env);
  return exports;
}

}  // namespace

NODE_API_MODULE(bench_tscb, Init)
