/*
 * ImCLASS — one way to write a threaded filter for ITK 4 (Debian's OTB 8.1) and ITK 5.
 *
 * Filters implement ProcessRegion(region), which must depend only on the region (no thread id),
 * so the output is the same whatever the number of threads. ITK 5 calls it through
 * DynamicThreadedGenerateData, ITK 4 through ThreadedGenerateData.
 */
#ifndef otbImclassThreading_h
#define otbImclassThreading_h

#include "itkConfigure.h"

#if ITK_VERSION_MAJOR >= 5
#define IMCLASS_THREADED_GENERATE_DATA(RegionType)                    \
  void DynamicThreadedGenerateData(const RegionType& region) override \
  {                                                                   \
    this->ProcessRegion(region);                                      \
  }
#define IMCLASS_ENABLE_DYNAMIC_THREADING() this->DynamicMultiThreadingOn()
#else
#define IMCLASS_THREADED_GENERATE_DATA(RegionType)                                \
  void ThreadedGenerateData(const RegionType& region, itk::ThreadIdType) override \
  {                                                                               \
    this->ProcessRegion(region);                                                  \
  }
#define IMCLASS_ENABLE_DYNAMIC_THREADING() ((void)0)
#endif

#endif
