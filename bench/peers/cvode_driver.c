/* SUNDIALS CVODE peer of the idt bench: BDF + Newton with an analytic Jacobian (dense LU, or KLU
 * for sparse problems), the model code generated from the idt IR (bench/lib/peer-code.mjs).
 *
 * Usage: cvode_driver PROBLEM_FILE
 * The problem file is whitespace-separated "key values..." records written by the bench:
 *   rtol R  atol A  lmm bdf|adams  linsol dense|klu  warmup W  repeats K  maxsteps M
 *   times T t_1 .. t_T            output times (t_1 is the start time)
 *   events E (time index)*E       timed events, sorted by time
 *   sets S                        then S parameter sets, each MODEL_NP values then MODEL_N values (y0)
 * Single problems (S = 1) are solved warmup + repeats times, each solve timed from CVodeCreate to
 * the last output (setup included, as one idt simulate() call). Ensembles (S > 1) are solved in
 * one loop reusing the CVODE memory (CVodeReInit), after warmup solves of the first sets.
 * Output: one JSON object on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>

extern const int MODEL_N, MODEL_NP, MODEL_NNZ;
extern const int MODEL_ROWPTR[], MODEL_COLIDX[];
void model_rhs(double t, const double *y, const double *p, double *dy);
void model_jac(double t, const double *y, const double *p, double *J);
void model_event_apply(int e, double t, double *y, double *p);

static double g_rtol = 1e-6, g_atol = 1e-10;
static int use_klu = 0, use_adams = 0, warmup = 1, repeats = 5;
static long maxsteps = 1000000;
static int n_times = 0, n_events = 0, n_sets = 0;
static double *times, *ev_time, *sets;
static int *ev_index;

/* Jacobian values in the model's pattern, and the pattern with the diagonal added for KLU. */
static double *jv;
static int *kp_ptr, *kp_col, *kp_from; /* kp_from[k]: model entry for KLU entry k, or -1 */
static int kp_nnz;

typedef struct { double *p; } UserData;

static int f(realtype t, N_Vector y, N_Vector ydot, void *ud) {
  model_rhs(t, N_VGetArrayPointer(y), ((UserData *)ud)->p, N_VGetArrayPointer(ydot));
  return 0;
}

static int jac_dense(realtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *ud, N_Vector t1, N_Vector t2, N_Vector t3) {
  model_jac(t, N_VGetArrayPointer(y), ((UserData *)ud)->p, jv);
  SUNMatZero(J);
  for (int r = 0; r < MODEL_N; r++)
    for (int q = MODEL_ROWPTR[r]; q < MODEL_ROWPTR[r + 1]; q++) SM_ELEMENT_D(J, r, MODEL_COLIDX[q]) = jv[q];
  return 0;
}

static int jac_sparse(realtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *ud, N_Vector t1, N_Vector t2, N_Vector t3) {
  model_jac(t, N_VGetArrayPointer(y), ((UserData *)ud)->p, jv);
  sunindextype *ptr = SM_INDEXPTRS_S(J), *col = SM_INDEXVALS_S(J);
  realtype *data = SM_DATA_S(J);
  for (int r = 0; r <= MODEL_N; r++) ptr[r] = kp_ptr[r];
  for (int k = 0; k < kp_nnz; k++) {
    col[k] = kp_col[k];
    data[k] = kp_from[k] >= 0 ? jv[kp_from[k]] : 0.0;
  }
  return 0;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* CPU time of the process: what a solve costs, without the time other processes on a loaded
 * machine hold the core (the bench reports both). */
static double cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void die(const char *msg) {
  fprintf(stderr, "cvode_driver: %s\n", msg);
  exit(2);
}

static void read_problem(const char *path) {
  FILE *fp = fopen(path, "r");
  if (!fp) die("cannot open the problem file");
  char key[64];
  while (fscanf(fp, "%63s", key) == 1) {
    if (!strcmp(key, "rtol")) { if (fscanf(fp, "%lf", &g_rtol) != 1) die("rtol"); }
    else if (!strcmp(key, "atol")) { if (fscanf(fp, "%lf", &g_atol) != 1) die("atol"); }
    else if (!strcmp(key, "linsol")) { char v[16]; if (fscanf(fp, "%15s", v) != 1) die("linsol"); use_klu = !strcmp(v, "klu"); }
    else if (!strcmp(key, "lmm")) { char v[16]; if (fscanf(fp, "%15s", v) != 1) die("lmm"); use_adams = !strcmp(v, "adams"); }
    else if (!strcmp(key, "warmup")) { if (fscanf(fp, "%d", &warmup) != 1) die("warmup"); }
    else if (!strcmp(key, "repeats")) { if (fscanf(fp, "%d", &repeats) != 1) die("repeats"); }
    else if (!strcmp(key, "maxsteps")) { if (fscanf(fp, "%ld", &maxsteps) != 1) die("maxsteps"); }
    else if (!strcmp(key, "times")) {
      if (fscanf(fp, "%d", &n_times) != 1 || n_times < 1) die("times");
      times = malloc(sizeof(double) * n_times);
      for (int k = 0; k < n_times; k++) if (fscanf(fp, "%lf", &times[k]) != 1) die("times values");
    } else if (!strcmp(key, "events")) {
      if (fscanf(fp, "%d", &n_events) != 1) die("events");
      ev_time = malloc(sizeof(double) * (n_events + 1));
      ev_index = malloc(sizeof(int) * (n_events + 1));
      for (int k = 0; k < n_events; k++) if (fscanf(fp, "%lf %d", &ev_time[k], &ev_index[k]) != 2) die("event values");
    } else if (!strcmp(key, "sets")) {
      if (fscanf(fp, "%d", &n_sets) != 1 || n_sets < 1) die("sets");
      size_t m = (size_t)n_sets * (MODEL_NP + MODEL_N);
      sets = malloc(sizeof(double) * m);
      for (size_t k = 0; k < m; k++) if (fscanf(fp, "%lf", &sets[k]) != 1) die("set values");
    } else die("unknown key in the problem file");
  }
  fclose(fp);
  if (!times || !sets) die("the problem file needs times and sets");
}

typedef struct {
  SUNContext ctx;
  void *mem;
  N_Vector y;
  SUNMatrix A;
  SUNLinearSolver LS;
  UserData ud;
} Solver;

static void solver_create(Solver *s, double t0, const double *y0, double *p) {
  if (SUNContext_Create(NULL, &s->ctx)) die("SUNContext_Create");
  s->y = N_VNew_Serial(MODEL_N, s->ctx);
  memcpy(N_VGetArrayPointer(s->y), y0, sizeof(double) * MODEL_N);
  s->mem = CVodeCreate(use_adams ? CV_ADAMS : CV_BDF, s->ctx);
  if (CVodeInit(s->mem, f, t0, s->y)) die("CVodeInit");
  s->ud.p = p;
  CVodeSetUserData(s->mem, &s->ud);
  CVodeSStolerances(s->mem, g_rtol, g_atol);
  CVodeSetMaxNumSteps(s->mem, maxsteps);
  if (use_klu) {
    s->A = SUNSparseMatrix(MODEL_N, MODEL_N, kp_nnz, CSR_MAT, s->ctx);
    s->LS = SUNLinSol_KLU(s->y, s->A, s->ctx);
    if (!s->LS) die("SUNLinSol_KLU");
    CVodeSetLinearSolver(s->mem, s->LS, s->A);
    CVodeSetJacFn(s->mem, jac_sparse);
  } else {
    s->A = SUNDenseMatrix(MODEL_N, MODEL_N, s->ctx);
    s->LS = SUNLinSol_Dense(s->y, s->A, s->ctx);
    CVodeSetLinearSolver(s->mem, s->LS, s->A);
    CVodeSetJacFn(s->mem, jac_dense);
  }
}

static void solver_free(Solver *s) {
  CVodeFree(&s->mem);
  SUNLinSolFree(s->LS);
  SUNMatDestroy(s->A);
  N_VDestroy(s->y);
  SUNContext_Free(&s->ctx);
}

/* Integrate from times[0] through every output time with the timed events; the state at the last
 * output time goes to yout. Returns 0 on success. */
static int integrate(Solver *s, double *p, double *yout, int reinit) {
  double *y = N_VGetArrayPointer(s->y);
  double t = times[0];
  int e = 0;
  /* Events at the start time fire before integration. */
  while (e < n_events && ev_time[e] <= t) model_event_apply(ev_index[e++], t, y, p);
  if (reinit) CVodeReInit(s->mem, t, s->y);
  double tret = t;
  for (int k = 1; k < n_times; k++) {
    double tout = times[k];
    while (e < n_events && ev_time[e] <= tout) {
      double te = ev_time[e];
      if (te > tret) {
        CVodeSetStopTime(s->mem, te);
        if (CVode(s->mem, te, s->y, &tret, CV_NORMAL) < 0) return -1;
      }
      while (e < n_events && ev_time[e] == te) model_event_apply(ev_index[e++], te, y, p);
      CVodeReInit(s->mem, te, s->y);
      tret = te;
    }
    if (tout > tret) {
      /* Never past the next event or the end time: idt's solvers stop there too (tBound). */
      CVodeSetStopTime(s->mem, e < n_events && ev_time[e] < times[n_times - 1] ? ev_time[e] : times[n_times - 1]);
      if (CVode(s->mem, tout, s->y, &tret, CV_NORMAL) < 0) return -1;
    }
  }
  memcpy(yout, y, sizeof(double) * MODEL_N);
  return 0;
}

static void print_stats(void *mem) {
  long steps, nfe, nje, nsetups, netf, nncf;
  CVodeGetNumSteps(mem, &steps);
  CVodeGetNumRhsEvals(mem, &nfe);
  CVodeGetNumJacEvals(mem, &nje);
  CVodeGetNumLinSolvSetups(mem, &nsetups);
  CVodeGetNumErrTestFails(mem, &netf);
  CVodeGetNumNonlinSolvConvFails(mem, &nncf);
  printf("\"stats\": {\"steps\": %ld, \"rhs\": %ld, \"jac\": %ld, \"lu\": %ld, \"errFails\": %ld, \"convFails\": %ld}", steps, nfe, nje, nsetups, netf, nncf);
}

int main(int argc, char **argv) {
  if (argc != 2) die("usage: cvode_driver PROBLEM_FILE");
  read_problem(argv[1]);
  const int n = MODEL_N, np = MODEL_NP, stride = MODEL_NP + MODEL_N;
  jv = malloc(sizeof(double) * (MODEL_NNZ > 0 ? MODEL_NNZ : 1));
  /* KLU pattern: the model's pattern plus every diagonal entry. */
  kp_ptr = malloc(sizeof(int) * (n + 1));
  kp_col = malloc(sizeof(int) * (MODEL_NNZ + n));
  kp_from = malloc(sizeof(int) * (MODEL_NNZ + n));
  kp_nnz = 0;
  for (int r = 0; r < n; r++) {
    kp_ptr[r] = kp_nnz;
    int diag = 0;
    for (int q = MODEL_ROWPTR[r]; q < MODEL_ROWPTR[r + 1]; q++) {
      int c = MODEL_COLIDX[q];
      if (!diag && c > r) { kp_col[kp_nnz] = r; kp_from[kp_nnz++] = -1; diag = 1; }
      if (c == r) diag = 1;
      kp_col[kp_nnz] = c;
      kp_from[kp_nnz++] = q;
    }
    if (!diag) { kp_col[kp_nnz] = r; kp_from[kp_nnz++] = -1; }
  }
  kp_ptr[n] = kp_nnz;

  double *p = malloc(sizeof(double) * (np > 0 ? np : 1));
  double *yout = malloc(sizeof(double) * n);
  printf("{");
  if (n_sets == 1) {
    int total = warmup + repeats;
    double *ms = malloc(sizeof(double) * (repeats > 0 ? repeats : 1));
    double *cpums = malloc(sizeof(double) * (repeats > 0 ? repeats : 1));
    int failed = 0;
    Solver s;
    for (int r = 0; r < total; r++) {
      memcpy(p, sets, sizeof(double) * np);
      double t0 = now(), c0 = cpu();
      solver_create(&s, times[0], sets + np, p);
      failed |= integrate(&s, p, yout, 1);
      double t1 = now(), c1 = cpu();
      if (r >= warmup) {
        ms[r - warmup] = 1e3 * (t1 - t0);
        cpums[r - warmup] = 1e3 * (c1 - c0);
      }
      if (r < total - 1) solver_free(&s);
    }
    printf("\"wallMs\": [");
    for (int r = 0; r < repeats; r++) printf("%s%.6f", r ? ", " : "", ms[r]);
    printf("], \"cpuMs\": [");
    for (int r = 0; r < repeats; r++) printf("%s%.6f", r ? ", " : "", cpums[r]);
    printf("], \"failed\": %s, ", failed ? "true" : "false");
    print_stats(s.mem);
    solver_free(&s);
  } else {
    Solver s;
    memcpy(p, sets, sizeof(double) * np);
    solver_create(&s, times[0], sets + np, p);
    for (int r = 0; r < warmup && r < n_sets; r++) {
      memcpy(p, sets + (size_t)r * stride, sizeof(double) * np);
      memcpy(N_VGetArrayPointer(s.y), sets + (size_t)r * stride + np, sizeof(double) * n);
      integrate(&s, p, yout, 1);
    }
    int failed = 0;
    double sum = 0;
    printf("\"final\": [");
    double t0 = now(), c0 = cpu();
    for (int k = 0; k < n_sets; k++) {
      memcpy(p, sets + (size_t)k * stride, sizeof(double) * np);
      memcpy(N_VGetArrayPointer(s.y), sets + (size_t)k * stride + np, sizeof(double) * n);
      if (integrate(&s, p, yout, 1)) failed++;
      for (int i = 0; i < n; i++) sum += yout[i];
      /* The first sets' final states are kept for the accuracy comparison (printing costs nothing
       * measurable next to a solve). */
      if (k < 100) for (int i = 0; i < n; i++) printf("%s%.17g", k == 0 && i == 0 ? "" : ", ", yout[i]);
    }
    double t1 = now(), c1 = cpu();
    printf("], \"wallMs\": %.6f, \"cpuMs\": %.6f, \"sets\": %d, \"failed\": %d, \"checksum\": %.17g", 1e3 * (t1 - t0), 1e3 * (c1 - c0), n_sets, failed, sum);
    solver_free(&s);
  }
  printf(", \"final_y\": [");
  for (int i = 0; i < n; i++) printf("%s%.17g", i ? ", " : "", yout[i]);
  printf("]}\n");
  return 0;
}
