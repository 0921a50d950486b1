// The consumer test addon's registration: one Init per feature file.
#include "harness.h"

void InitClosures(Napi::Env env, Napi::Object exports);
void InitResults(Napi::Env env, Napi::Object exports);
void InitEnvHooks(Napi::Env env, Napi::Object exports);
void InitLedger(Napi::Env env, Napi::Object exports);
void InitMisuse(Napi::Env env, Napi::Object exports);
void InitProgress(Napi::Env env, Napi::Object exports);
void InitFinish(Napi::Env env, Napi::Object exports);
void InitCrossClose(Napi::Env env, Napi::Object exports);
void InitMigrating(Napi::Env env, Napi::Object exports);
void InitWeak(Napi::Env env, Napi::Object exports);

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Harness", Harness::Define(env));
#ifdef NAPI_CPP_EXCEPTIONS
  exports.Set("exceptions", Napi::Boolean::New(env, true));
#else
  exports.Set("exceptions", Napi::Boolean::New(env, false));
#endif
  InitClosures(env, exports);
  InitResults(env, exports);
  InitEnvHooks(env, exports);
  InitLedger(env, exports);
  InitMisuse(env, exports);
  InitProgress(env, exports);
  InitFinish(env, exports);
  InitCrossClose(env, exports);
  InitMigrating(env, exports);
  InitWeak(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(NODE_GYP_MODULE_NAME, Init)
