/*
 * ImCLASS — per-pixel SAR work: backscatter as linear power from the unit it is given in, in dB,
 * cross-ratios, and the SAR features of a date from its power and speckle-filtered power. The
 * single place where these formulas are written; the speckle filters themselves are OTB's
 * (otbImclassDespeckle.h).
 */
#ifndef otbImclassSarFunctor_h
#define otbImclassSarFunctor_h

#include "otbImclassFeatureRecipe.h"
#include "otbImclassNoData.h"

#include "itkVariableLengthVector.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Powers below this count as this (-50 dB, far below the noise floor of SAR sensors), so that a
 * dB value or a ratio stays finite where a product holds 0 (no signal, or dark water after the
 * thermal noise was subtracted). */
constexpr double SarPowerFloor = 1e-5;

/** Linear power of a value given in `unit`; negative powers (left by noise subtraction) are 0. */
inline double SarPower(double value, SarUnit unit)
{
  switch (unit)
  {
  case SarUnit::Decibel:
    return std::pow(10.0, value / 10.0);
  case SarUnit::Amplitude:
    return value * value;
  case SarUnit::Power:
    break;
  }
  return std::max(value, 0.0);
}

/** 10 log10 of a power, floored at SarPowerFloor. */
inline double PowerDecibels(double power)
{
  return 10.0 * std::log10(std::max(power, SarPowerFloor));
}

/** The dB value of a value given in `unit` (a dB value is kept as given, floored). */
inline double SarDecibels(double value, SarUnit unit)
{
  return unit == SarUnit::Decibel ? std::max(value, PowerDecibels(0.0)) : PowerDecibels(SarPower(value, unit));
}

/** a / b of two powers, each floored at SarPowerFloor. */
inline double PowerRatio(double a, double b)
{
  return std::max(a, SarPowerFloor) / std::max(b, SarPowerFloor);
}

/** Functor for otb::FunctorImageFilter: the polarisations of a pixel (at `positions` of the input
 * bands) as linear power; NaN in every band where the pixel is no-data (NaN or the declared
 * no-data in any band), so that the speckle filters carry it to the pixels whose window holds it.
 * \ingroup OTBImclass */
class SarPowerFunctor
{
public:
  using PixelType = itk::VariableLengthVector<float>;

  SarPowerFunctor() = default;
  SarPowerFunctor(const std::vector<unsigned int>& positions, SarUnit unit, const NoDataRule& noData) : m_Positions(positions), m_Unit(unit), m_NoData(noData)
  {
  }
  size_t OutputSize(const std::array<size_t, 1>&) const
  {
    return m_Positions.size();
  }
  void operator()(PixelType& out, const PixelType& in) const
  {
    if (m_NoData.IsNoData(in))
    {
      out.Fill(std::numeric_limits<float>::quiet_NaN());
      return;
    }
    for (size_t k = 0; k < m_Positions.size(); ++k)
      out[k] = static_cast<float>(SarPower(in[m_Positions[k]], m_Unit));
  }

private:
  std::vector<unsigned int> m_Positions;
  SarUnit                   m_Unit = SarUnit::Power;
  NoDataRule                m_NoData;
};

/** The same with a validity mask on the same grid: NaN where it is 0 too. \ingroup OTBImclass */
class MaskedSarPowerFunctor
{
public:
  using PixelType = SarPowerFunctor::PixelType;

  MaskedSarPowerFunctor() = default;
  explicit MaskedSarPowerFunctor(const SarPowerFunctor& power) : m_Power(power)
  {
  }
  size_t OutputSize(const std::array<size_t, 2>&) const
  {
    return m_Power.OutputSize({{0}});
  }
  void operator()(PixelType& out, const PixelType& in, unsigned char mask) const
  {
    if (mask == 0)
      out.Fill(std::numeric_limits<float>::quiet_NaN());
    else
      m_Power(out, in);
  }

private:
  SarPowerFunctor m_Power;
};

/** Functor: one polarisation (at `position`) in dB, NaN where the pixel is no-data: the band the
 * textures of a polarisation are computed on. \ingroup OTBImclass */
class SarDecibelBandFunctor
{
public:
  SarDecibelBandFunctor() = default;
  SarDecibelBandFunctor(unsigned int position, SarUnit unit, const NoDataRule& noData) : m_Position(position), m_Unit(unit), m_NoData(noData)
  {
  }
  float operator()(const itk::VariableLengthVector<float>& in) const
  {
    if (m_NoData.IsNoData(in))
      return std::numeric_limits<float>::quiet_NaN();
    return static_cast<float>(SarDecibels(in[m_Position], m_Unit));
  }

private:
  unsigned int m_Position = 0;
  SarUnit      m_Unit     = SarUnit::Power;
  NoDataRule   m_NoData;
};

/** Functor with three inputs, the image (its bands as given), the power of each polarisation and
 * its speckle-filtered power (the power again without a filter): the SAR features of
 * FeatureRecipe::SarFeatureNames, in that order. A pixel where any power is NaN (no-data in the
 * filter's window) is NoDataValue in every band.
 * \ingroup OTBImclass */
class SarFeaturesFunctor
{
public:
  using PixelType = itk::VariableLengthVector<float>;

  SarFeaturesFunctor() = default;
  explicit SarFeaturesFunctor(const FeatureRecipe& recipe) : m_Filtered(recipe.sarFilter != SpeckleFilter::None), m_Unit(recipe.sarUnit)
  {
    const auto polarisations = recipe.Polarisations();
    for (const auto& polarisation : polarisations)
      m_Positions.push_back(static_cast<unsigned int>(BandPosition(recipe.bandNames, polarisation)));
    for (const auto* co : {"vv", "hh"})
    {
      const int coPosition = BandPosition(polarisations, co), crossPosition = BandPosition(polarisations, CrossPolarisationOf(co));
      if (coPosition >= 0 && crossPosition >= 0)
        m_CrossRatios.push_back({static_cast<unsigned int>(crossPosition), static_cast<unsigned int>(coPosition)});
    }
  }
  size_t OutputSize(const std::array<size_t, 3>&) const
  {
    return m_Positions.size() * (m_Filtered ? 2 : 1) + m_CrossRatios.size();
  }
  void operator()(PixelType& out, const PixelType& image, const PixelType& power, const PixelType& filtered) const
  {
    const size_t count = m_Positions.size();
    for (size_t k = 0; k < count; ++k)
      if (std::isnan(power[k]) || std::isnan(filtered[k]))
      {
        out.Fill(NoDataValue);
        return;
      }
    size_t band = 0;
    for (size_t k = 0; k < count; ++k)
      out[band++] = static_cast<float>(SarDecibels(image[m_Positions[k]], m_Unit));
    if (m_Filtered)
      for (size_t k = 0; k < count; ++k)
        out[band++] = filtered[k];
    for (const auto& ratio : m_CrossRatios)
      out[band++] = static_cast<float>(PowerRatio(filtered[ratio[0]], filtered[ratio[1]]));
  }

private:
  std::vector<unsigned int>                m_Positions; // of the polarisations among the image's bands
  bool                                     m_Filtered = false;
  SarUnit                                  m_Unit     = SarUnit::Power;
  std::vector<std::array<unsigned int, 2>> m_CrossRatios; // {cross, co} positions among the polarisations
};

} // namespace Imclass
} // namespace otb

#endif
