// The examples of docs/migrating.md, compiled and run by 17.migrating.js.
#include "harness.h"

void InitMigrating(Napi::Env, Napi::Object) {}
