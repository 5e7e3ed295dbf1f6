import { runCity } from '../city/runCity';
import { anhui } from './anhui';

void runCity(anhui);
