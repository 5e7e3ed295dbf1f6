import { runCity } from '../city/runCity';
import { suzhou } from './suzhou';

void runCity(suzhou);
