#include "otbImclassDespeckle.h"

#include "otbFrostImageFilter.h"
#include "otbGammaMAPImageFilter.h"
#include "otbKuanImageFilter.h"
#include "otbLeeImageFilter.h"

namespace otb
{
namespace Imclass
{

namespace
{
/** Radius and number of looks, the settings Lee, Gamma-MAP and Kuan share. */
template <class TFilter>
SpeckleFilterType::Pointer WithLooks(FloatImageType* power, unsigned int radius, float looks)
{
  auto                       filter = TFilter::New();
  typename TFilter::SizeType size;
  size.Fill(radius);
  filter->SetInput(power);
  filter->SetRadius(size);
  filter->SetNbLooks(looks);
  return filter.GetPointer();
}
} // namespace

SpeckleFilterType::Pointer NewSpeckleFilter(FloatImageType* power, SpeckleFilter filter, unsigned int radius, float looks, float deramp)
{
  switch (filter)
  {
  case SpeckleFilter::Lee:
    return WithLooks<otb::LeeImageFilter<FloatImageType, FloatImageType>>(power, radius, looks);
  case SpeckleFilter::GammaMAP:
    return WithLooks<otb::GammaMAPImageFilter<FloatImageType, FloatImageType>>(power, radius, looks);
  case SpeckleFilter::Kuan:
    return WithLooks<otb::KuanImageFilter<FloatImageType, FloatImageType>>(power, radius, looks);
  case SpeckleFilter::Frost:
  {
    auto                         frost = otb::FrostImageFilter<FloatImageType, FloatImageType>::New();
    FloatImageType::SizeType size;
    size.Fill(radius);
    frost->SetInput(power);
    frost->SetRadius(size);
    frost->SetDeramp(deramp);
    return frost.GetPointer();
  }
  case SpeckleFilter::None:
    break;
  }
  return nullptr;
}

} // namespace Imclass
} // namespace otb
