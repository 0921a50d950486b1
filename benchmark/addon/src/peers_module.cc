// The peers' fixture: everything but the library under test.
#include <napi.h>

#include "peers.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports["napi_tsfn"] = bench::NapiCExports(env);
  exports["napi_tsfn_cpp"] = bench::NapiTsfnExports(env);
  exports["napi_typed_tsfn"] = bench::NapiTypedExports(env);
  exports["ceiling"] = bench::CeilingExports(env);
  return exports;
}

}  // namespace

NODE_API_MODULE(bench_peers, Init)
