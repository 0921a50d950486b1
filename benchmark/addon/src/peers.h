// The exports of each fixture: one object per peer.
#ifndef BENCH_PEERS_H_
#define BENCH_PEERS_H_

#include <napi.h>

namespace bench {

Napi::Object NapiCExports(Napi::Env env);      // napi_threadsafe_function (C API)
Napi::Object NapiTsfnExports(Napi::Env env);   // Napi::ThreadSafeFunction
Napi::Object NapiTypedExports(Napi::Env env);  // Napi::TypedThreadSafeFunction
Napi::Object CeilingExports(Napi::Env env);    // the JS thread calling directly
Napi::Object TscbCallExports(Napi::Env env);   // tscb::ThreadSafeCallback::Call
Napi::Object TscbInvokeExports(Napi::Env env); // tscb::ThreadSafeCallback::Invoke

}  // namespace bench

#endif  // BENCH_PEERS_H_
